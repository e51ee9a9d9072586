package org.mnistdynamics.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistdynamics.analysis.Embedding;
import org.mnistdynamics.analysis.EpochHistograms;
import org.mnistdynamics.analysis.Separation;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builders of the paper's figures. Each returns a chart (or a {@link ChartGrid}) in {@link PaperStyle}; nothing is
 * displayed or written: notebooks display the result, {@link ChartExport} writes it.
 */
public final class Figures {

    /** Split drawn with solid lines. */
    public static final String TRAIN = "train";
    /** Split drawn with dashed lines. */
    public static final String VALIDATION = "validation";

    /** Size of one small-multiple histogram cell, points. */
    public static final int CELL_WIDTH = 180;
    /** Height of one small-multiple histogram cell, points. */
    public static final int CELL_HEIGHT = 120;

    private Figures() {
    }

    /** What the shaded band around each mean line shows when runs share a label (several seeds). */
    public enum Band {
        /** No band. */
        NONE,
        /** The 95 % Student t interval of the mean across seeds ({@link org.mnistdynamics.stats.SeedSummary}). */
        INTERVAL,
        /** The lowest to the highest seed. */
        MIN_MAX
    }

    /**
     * Figure 1: accuracy per epoch, one colour per run (labelled by its {@code run_id}).
     *
     * @param metrics long-format metrics table ({@code run_id, seed, epoch, split, metric, value})
     * @return the chart
     * @throws IllegalArgumentException if a column is missing or mistyped, or there are no accuracy rows
     */
    public static XYChart accuracyCurves(Table metrics) {
        return metricCurves(metrics, "accuracy", Map.of(), "Accuracy");
    }

    /**
     * Figure 1: accuracy per epoch with a display label per run (e.g. the optimizer name).
     *
     * @param metrics   long-format metrics table
     * @param runLabels run id to label; runs missing from the map are labelled by their id
     * @return the chart
     * @throws IllegalArgumentException as {@link #metricCurves(Table, String, Map, String)}
     */
    public static XYChart accuracyCurves(Table metrics, Map<String, String> runLabels) {
        return metricCurves(metrics, "accuracy", runLabels, "Accuracy", Band.INTERVAL);
    }

    /** Error drawn in place of zero on the log axis of {@link #errorCurves}: one image in 10,000, in percent. */
    public static final double ERROR_FLOOR_PERCENT = 0.01;

    /**
     * Figure 1's companion: error (100 − accuracy, in percent) per epoch on a logarithmic axis, from epoch 1 on, so
     * that the differences near 100 % accuracy that a linear accuracy axis compresses become visible (the usual
     * view of MNIST learning curves). Training solid, validation dashed, one colour per run.
     *
     * <p>Zero error (100 % accuracy, which small or over-fitted runs reach) has no place on a log axis: it is drawn
     * at {@link #ERROR_FLOOR_PERCENT} (one image in 10,000, below any error the paper's evaluation sets can measure
     * except zero) and marked with a black down-pointing triangle in a legend entry "zero error (drawn at 0.01 %)";
     * {@link #errorCurvesNote(Table)} gives the sentence for the caption. Non-finite values are left out as in
     * {@link #metricCurves}.
     *
     * @param metrics   long-format metrics table
     * @param runLabels run id to label; runs missing from the map are labelled by their id
     * @return the chart
     * @throws IllegalArgumentException as {@link #metricCurves(Table, String, Map, String)}
     */
    public static XYChart errorCurves(Table metrics, Map<String, String> runLabels) {
        Table errors = errorTable(metrics);
        XYChart chart = metricCurves(errors, "accuracy", runLabels, "Error (%, log scale)", Band.MIN_MAX);
        List<double[]> floored = new ArrayList<>();
        for (XYSeries series : chart.getSeriesMap().values()) {
            double[] y = series.getYData();
            double[] x = series.getXData();
            boolean changed = false;
            boolean band = !series.isShowInLegend(); // a seed band is floored too, but only mean points are marked
            for (int i = 0; i < y.length; i++) {
                if (y[i] == 0) {
                    y[i] = ERROR_FLOOR_PERCENT;
                    if (!band) {
                        floored.add(new double[]{x[i], y[i]});
                    }
                    changed = true;
                }
            }
            if (changed) {
                chart.updateXYSeries(series.getName(), x, y, null);
            }
        }
        if (!floored.isEmpty()) {
            XYSeries mark = chart.addSeries(String.format(java.util.Locale.ROOT, "zero error (drawn at %s %%)",
                            ERROR_FLOOR_PERCENT), floored.stream().mapToDouble(p -> p[0]).toArray(),
                    floored.stream().mapToDouble(p -> p[1]).toArray());
            mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            mark.setMarker(SeriesMarkers.TRIANGLE_DOWN);
            mark.setMarkerColor(java.awt.Color.BLACK);
        }
        chart.getStyler().setYAxisLogarithmic(true);
        return chart;
    }

    /**
     * The caption sentence of {@link #errorCurves}: what was drawn in place of zero error, or "" when no error was zero.
     *
     * @param metrics the long-format metrics table given to {@link #errorCurves}
     * @return e.g. "Zero error (100 % accuracy: 2 points) is drawn at 0.01 % and marked with a black triangle."
     * @throws IllegalArgumentException as {@link #errorCurves}
     */
    public static String errorCurvesNote(Table metrics) {
        Table errors = errorTable(metrics);
        StringColumn split = stringColumn(errors, "split");
        NumericColumn<?> value = numericColumn(errors, "value");
        int zeros = 0;
        for (int i = 0; i < errors.rowCount(); i++) {
            if (value.getDouble(i) == 0 && (TRAIN.equals(split.get(i)) || VALIDATION.equals(split.get(i)))) {
                zeros++;
            }
        }
        return zeros == 0 ? "" : String.format(java.util.Locale.ROOT, "Zero error (100 %% accuracy: %d point%s) is "
                + "drawn at %s %% and marked with a black triangle.", zeros, zeros == 1 ? "" : "s", ERROR_FLOOR_PERCENT);
    }

    /** Accuracy rows from epoch 1 on with the value turned into error in percent. */
    private static Table errorTable(Table metrics) {
        StringColumn metricCol = stringColumn(metrics, "metric");
        NumericColumn<?> epoch = numericColumn(metrics, "epoch");
        numericColumn(metrics, "value");
        Table errors = metrics.emptyCopy();
        for (int i = 0; i < metrics.rowCount(); i++) {
            if ("accuracy".equals(metricCol.get(i)) && epoch.getDouble(i) >= 1) {
                errors.append(metrics.row(i));
            }
        }
        double[] percent = new double[errors.rowCount()];
        NumericColumn<?> accuracy = numericColumn(errors, "value");
        for (int i = 0; i < percent.length; i++) {
            percent[i] = 100 * (1 - accuracy.getDouble(i));
        }
        errors.replaceColumn("value", tech.tablesaw.api.DoubleColumn.create("value", percent));
        return errors;
    }

    /**
     * Figure 1: accuracy per epoch, labelled by a string column of the table (e.g. {@code optimizer}).
     *
     * @param metrics     long-format metrics table with an extra string column
     * @param labelColumn name of that column; its value must be the same on all rows of a run
     * @return the chart
     * @throws IllegalArgumentException if the column is missing or not a string column
     */
    public static XYChart accuracyCurves(Table metrics, String labelColumn) {
        return metricCurves(metrics, "accuracy", runLabelsFromColumn(metrics, labelColumn), "Accuracy", Band.INTERVAL);
    }

    /**
     * A metric per epoch: one colour per label (Okabe–Ito order), training split solid, validation split dashed;
     * other splits (test) are not drawn. Runs that share a label (e.g. several seeds of one optimizer) are averaged
     * per epoch. Non-finite values (NaN, ±Infinity) are left out, and the chart's title says how many and which.
     *
     * @param metrics    long-format table with columns {@code run_id} (string), {@code epoch} (integer),
     *                   {@code split} (string: train|validation|test), {@code metric} (string), {@code value} (number)
     * @param metric     the metric to draw, e.g. {@code "accuracy"} or {@code "loss"}
     * @param runLabels  run id to label, in the order the labels should get colours; may be empty
     * @param yAxisTitle y-axis title with unit, e.g. {@code "Accuracy"}, {@code "Cross-entropy loss (nats)"}
     * @return the chart, x = epoch
     * @throws IllegalArgumentException if a column is missing or mistyped (the message names it and the expected
     *                                  type), or no training/validation row has this metric
     */
    public static XYChart metricCurves(Table metrics, String metric, Map<String, String> runLabels,
                                       String yAxisTitle) {
        return metricCurves(metrics, metric, runLabels, yAxisTitle, Band.NONE);
    }

    /**
     * As {@link #metricCurves(Table, String, Map, String)}, with a shaded band around each mean line where a label
     * has several runs (seeds) at an epoch: their 95 % t interval or their range.
     *
     * @param band what the band shows
     * @return the chart, x = epoch
     * @throws IllegalArgumentException as {@link #metricCurves(Table, String, Map, String)}
     */
    public static XYChart metricCurves(Table metrics, String metric, Map<String, String> runLabels,
                                       String yAxisTitle, Band band) {
        StringColumn runId = stringColumn(metrics, "run_id");
        StringColumn split = stringColumn(metrics, "split");
        StringColumn metricCol = stringColumn(metrics, "metric");
        NumericColumn<?> epoch = numericColumn(metrics, "epoch");
        NumericColumn<?> value = numericColumn(metrics, "value");

        // label -> split -> epoch -> the runs' values
        Map<String, Map<String, TreeMap<Integer, List<Double>>>> data = new LinkedHashMap<>();
        List<String> leftOut = new ArrayList<>();
        for (String label : new LinkedHashSet<>(runLabels.values())) {
            data.put(label, new LinkedHashMap<>());
        }
        for (int i = 0; i < metrics.rowCount(); i++) {
            String s = split.get(i);
            if (!metric.equals(metricCol.get(i)) || !(TRAIN.equals(s) || VALIDATION.equals(s))) {
                continue;
            }
            String label = runLabels.getOrDefault(runId.get(i), runId.get(i));
            if (!Double.isFinite(value.getDouble(i))) {
                leftOut.add(label + " (" + s + ") epoch " + (int) epoch.getDouble(i) + ": " + value.getDouble(i));
                continue;
            }
            data.computeIfAbsent(label, k -> new LinkedHashMap<>()).computeIfAbsent(s, k -> new TreeMap<>())
                    .computeIfAbsent((int) epoch.getDouble(i), k -> new ArrayList<>()).add(value.getDouble(i));
        }
        data.values().removeIf(Map::isEmpty);
        if (data.isEmpty()) {
            throw new IllegalArgumentException("metrics table '" + metrics.name() + "' has no train/validation rows of"
                    + " metric '" + metric + "'; metrics present: " + metricCol.unique().asList());
        }
        XYChart chart = PaperStyle.xyChart(leftOut.isEmpty() ? "" : String.format(java.util.Locale.ROOT,
                "%d non-finite value%s left out: %s", leftOut.size(), leftOut.size() == 1 ? "" : "s",
                String.join("; ", leftOut.subList(0, Math.min(3, leftOut.size()))) + (leftOut.size() > 3 ? "; ..." : "")),
                "Epoch", yAxisTitle);
        chart.getStyler().setXAxisDecimalPattern("0");
        int colour = 0;
        for (Map.Entry<String, Map<String, TreeMap<Integer, List<Double>>>> e : data.entrySet()) {
            for (String s : List.of(TRAIN, VALIDATION)) {
                TreeMap<Integer, List<Double>> points = e.getValue().get(s);
                if (points == null) {
                    continue;
                }
                double[] x = new double[points.size()];
                double[] y = new double[points.size()];
                double[] low = new double[points.size()];
                double[] high = new double[points.size()];
                boolean spread = false;
                int k = 0;
                for (Map.Entry<Integer, List<Double>> p : points.entrySet()) {
                    double[] v = p.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                    var summary = org.mnistdynamics.stats.SeedSummary.of(v);
                    x[k] = p.getKey();
                    y[k] = summary.mean();
                    low[k] = band == Band.MIN_MAX ? Arrays.stream(v).min().orElseThrow() : summary.hasInterval() ? summary.lower() : y[k];
                    high[k] = band == Band.MIN_MAX ? Arrays.stream(v).max().orElseThrow() : summary.hasInterval() ? summary.upper() : y[k];
                    if ("accuracy".equals(metric) && band == Band.INTERVAL) { // an interval of a mean accuracy stays in [0, 1]
                        low[k] = Math.max(0, low[k]);
                        high[k] = Math.min(1, high[k]);
                    }
                    spread |= v.length > 1;
                    k++;
                }
                if (band != Band.NONE && spread) {
                    addBand(chart, e.getKey() + " (" + s + ") band", x, low, high, PaperStyle.seriesColor(colour));
                }
                XYSeries series = chart.addSeries(e.getKey() + " (" + s + ")", x, y);
                series.setLineColor(PaperStyle.seriesColor(colour));
                series.setMarkerColor(PaperStyle.seriesColor(colour));
                series.setMarker(points.size() <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                series.setLineStyle(TRAIN.equals(s) ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
            }
            colour++;
        }
        chart.getStyler().setMarkerSize(4);
        return chart;
    }

    /** A closed polygon along {@code high} and back along {@code low}, translucent, not in the legend. */
    private static void addBand(XYChart chart, String name, double[] x, double[] low, double[] high, java.awt.Color colour) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = high[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = low[i];
        }
        XYSeries area = chart.addSeries(name, px, py);
        area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        area.setFillColor(new java.awt.Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 48));
        area.setLineColor(new java.awt.Color(0, 0, 0, 0));
        area.setMarker(SeriesMarkers.NONE);
        area.setShowInLegend(false);
    }

    /**
     * Run id to label from a string column (e.g. {@code optimizer}) of a metrics table.
     *
     * @param metrics     the table
     * @param labelColumn a string column
     * @return run id to label, in order of first appearance
     * @throws IllegalArgumentException if the column is missing, not a string column, or differs within a run
     */
    public static Map<String, String> runLabelsFromColumn(Table metrics, String labelColumn) {
        StringColumn runId = stringColumn(metrics, "run_id");
        StringColumn label = stringColumn(metrics, labelColumn);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < metrics.rowCount(); i++) {
            String old = out.putIfAbsent(runId.get(i), label.get(i));
            if (old != null && !old.equals(label.get(i))) {
                throw new IllegalArgumentException("run '" + runId.get(i) + "' has two values in column '"
                        + labelColumn + "': '" + old + "' and '" + label.get(i) + "'");
            }
        }
        return out;
    }

    /**
     * Figure 2: weight distributions as small multiples, one row per parameter tensor (layer) and one column per
     * selected epoch. All cells of a row share the bins and the y-axis, so epochs compare directly. The y-axis is
     * the percentage of the tensor's values in each bin.
     *
     * @param layers histograms per layer (e.g. conv1 W, conv2 W, dense W, output W)
     * @param epochs epochs to show (columns), each present in every layer's histograms
     * @return the grid; render it with {@link ChartGrid#toImage(int)} or {@link ChartExport}
     * @throws IllegalArgumentException if no layer or epoch is given or an epoch is missing
     */
    public static ChartGrid weightDistributions(List<EpochHistograms> layers, int... epochs) {
        if (layers == null || layers.isEmpty() || epochs == null || epochs.length == 0) {
            throw new IllegalArgumentException("weight distributions need at least one layer and one epoch; got "
                    + (layers == null ? 0 : layers.size()) + " layer(s) and epochs " + Arrays.toString(epochs));
        }
        List<List<XYChart>> rows = new ArrayList<>();
        for (EpochHistograms h : layers) {
            List<XYChart> row = new ArrayList<>();
            double yMax = 0;
            for (int epoch : epochs) {
                yMax = Math.max(yMax, percentages(h, epoch)[0]);
            }
            for (int c = 0; c < epochs.length; c++) {
                XYChart cell = histogram(h, epochs[c], CELL_WIDTH, CELL_HEIGHT);
                cell.setTitle(rows.isEmpty() ? "epoch " + epochs[c] : "");
                cell.setYAxisTitle(c == 0 ? h.label() + " (%)" : "");
                cell.getStyler().setYAxisMax(yMax * 1.05);
                row.add(cell);
            }
            rows.add(row);
        }
        return ChartGrid.of(rows);
    }

    /**
     * One histogram of a parameter tensor at one epoch, drawn as a filled step curve over the shared bins.
     *
     * @param h      histograms of one tensor
     * @param epoch  the epoch
     * @param width  chart width, points
     * @param height chart height, points
     * @return the chart: x = parameter value, y = percentage of values per bin
     * @throws IllegalArgumentException if the epoch is missing
     */
    public static XYChart histogram(EpochHistograms h, int epoch, int width, int height) {
        double[] pct = percentages(h, epoch);
        int b = h.bins().binCount();
        double[] edges = h.bins().edges();
        double[] y = new double[b + 1];
        System.arraycopy(pct, 1, y, 0, b);
        y[b] = y[b - 1]; // step curve: the last bin's top runs to the last edge
        XYChart chart = PaperStyle.xyChart(h.label() + ", epoch " + epoch, "", "", width, height);
        XYSeries s = chart.addSeries(h.label(), edges, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(PaperStyle.seriesColor(3));
        s.setLineWidth(1f);
        s.setFillColor(withAlpha(PaperStyle.seriesColor(1), 160));
        Styler st = chart.getStyler();
        st.setLegendVisible(false);
        st.setChartTitleFont(PaperStyle.font(8, true));
        chart.getStyler().setAxisTickLabelsFont(PaperStyle.font(7, false));
        chart.getStyler().setAxisTitleFont(PaperStyle.font(8, false));
        chart.getStyler().setYAxisMin(0.0);
        // Axis bounds on multiples of a 1-2-5 step, so that tick labels are round numbers.
        double step = niceStep((h.bins().upper() - h.bins().lower()) / 8);
        chart.getStyler().setXAxisMin(Math.floor(h.bins().lower() / step) * step);
        chart.getStyler().setXAxisMax(Math.ceil(h.bins().upper() / step) * step);
        chart.getStyler().setXAxisTickMarkSpacingHint(45);
        chart.getStyler().setXAxisDecimalPattern("0.###");
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        return chart;
    }

    /**
     * Figure 3: a 2-D embedding coloured by class, with a legend.
     *
     * @param embedding an embedding with labels (e.g. from {@code Embeddings.tsne})
     * @return the chart, {@link PaperStyle#WIDTH} x {@link PaperStyle#SCATTER_HEIGHT} points
     * @throws IllegalArgumentException if the embedding has no labels
     */
    public static XYChart embeddingScatter(Embedding embedding) {
        if (embedding.labels() == null) {
            throw new IllegalArgumentException("embedding has no labels; pass labels to Embeddings.tsne/umap");
        }
        return embeddingScatter(embedding.coordinates(), embedding.labels(), methodName(embedding.method()));
    }

    /** @return the usual spelling of an embedding method's id: tsne → t-SNE, umap → UMAP */
    static String methodName(String method) {
        return switch (method.toLowerCase(java.util.Locale.ROOT)) {
            case "tsne", "t-sne" -> "t-SNE";
            case "umap" -> "UMAP";
            default -> method;
        };
    }

    /**
     * Figure 3: {@link #embeddingScatter(Embedding)} titled with the separation it shows, measured on the same points
     * ({@link Separation#of}: k-NN accuracy of the label, k = {@value Separation#DEFAULT_K}, leave-one-out, and
     * the mean silhouette by class), e.g. "t-SNE: 5-NN accuracy 98.7 %, silhouette 0.79". When UMAP kept only part of
     * the sampled points the title says how many ("... (1,983 of 2,000 points kept)"); when it kept too few to score,
     * the title says so instead of the scores ("UMAP: 16 of 200 points kept (one class only): too few to score the
     * separation").
     *
     * @param embedding a labelled 2-D embedding
     * @return the chart
     * @throws IllegalArgumentException as {@link #embeddingScatter(Embedding)}
     */
    public static XYChart embeddingScatterWithScores(Embedding embedding) {
        XYChart chart = embeddingScatter(embedding);
        Separation.Scores s = Separation.of(embedding);
        String title = s.scored()
                ? String.format(java.util.Locale.ROOT, "%s: %d-NN accuracy %.1f %%, silhouette %.2f",
                        methodName(embedding.method()), Separation.DEFAULT_K, 100 * s.knnAccuracy(), s.silhouette())
                : methodName(embedding.method()) + ": " + s.note();
        chart.setTitle(s.scored() && !s.note().isEmpty() ? title + " (" + s.note() + ")" : title);
        return chart;
    }

    /**
     * A 2-D embedding coloured by class (one series per class, named by its label, Tol 'muted' + black colours).
     * Axis values are hidden: t-SNE/UMAP coordinates have no unit.
     *
     * @param points points {@code [n, 2]}
     * @param labels class labels {@code [n]}, e.g. digits 0..9
     * @param method axis name, e.g. {@code "t-SNE"} or {@code "UMAP"}
     * @return the chart
     * @throws IllegalArgumentException if shapes disagree or points are not 2-D
     */
    public static XYChart embeddingScatter(double[][] points, int[] labels, String method) {
        if (points == null || labels == null || points.length != labels.length || points.length == 0) {
            throw new IllegalArgumentException("embedding scatter needs n >= 1 points [n, 2] and n labels; got "
                    + (points == null ? "null" : points.length) + " points and "
                    + (labels == null ? "null" : labels.length) + " labels");
        }
        TreeMap<Integer, List<double[]>> byClass = new TreeMap<>();
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != 2) {
                throw new IllegalArgumentException("point " + i + " has " + points[i].length
                        + " coordinates; expected 2");
            }
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(points[i]);
        }
        XYChart chart = PaperStyle.xyChart("", method + " 1", method + " 2", PaperStyle.WIDTH,
                PaperStyle.SCATTER_HEIGHT);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        for (Map.Entry<Integer, List<double[]>> e : byClass.entrySet()) {
            List<double[]> pts = e.getValue();
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            XYSeries s = chart.addSeries(String.valueOf(e.getKey()), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(PaperStyle.digitColor(e.getKey()));
        }
        return chart;
    }

    /** Smallest 1, 2 or 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** Percent per bin of one epoch; index 0 holds the maximum, 1..B the bins. */
    private static double[] percentages(EpochHistograms h, int epoch) {
        long[] c = h.counts(epoch);
        long total = Arrays.stream(c).sum();
        double[] out = new double[c.length + 1];
        for (int i = 0; i < c.length; i++) {
            out[i + 1] = 100.0 * c[i] / total;
            out[0] = Math.max(out[0], out[i + 1]);
        }
        return out;
    }

    private static java.awt.Color withAlpha(java.awt.Color c, int alpha) {
        return new java.awt.Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static StringColumn stringColumn(Table t, String name) {
        Column<?> c = column(t, name, "a string column");
        if (c.type() != ColumnType.STRING) {
            throw new IllegalArgumentException("column '" + name + "' of table '" + t.name() + "' is " + c.type()
                    + "; expected STRING");
        }
        return (StringColumn) c;
    }

    private static NumericColumn<?> numericColumn(Table t, String name) {
        Column<?> c = column(t, name, "a numeric column");
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("column '" + name + "' of table '" + t.name() + "' is " + c.type()
                    + "; expected a numeric column (INTEGER, LONG or DOUBLE)");
        }
        return n;
    }

    private static Column<?> column(Table t, String name, String expected) {
        if (t == null) {
            throw new IllegalArgumentException("metrics table is null");
        }
        if (!t.containsColumn(name)) {
            Set<String> have = new LinkedHashSet<>(t.columnNames());
            throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + name + "' (expected "
                    + expected + "); columns: " + have);
        }
        return t.column(name);
    }
}
