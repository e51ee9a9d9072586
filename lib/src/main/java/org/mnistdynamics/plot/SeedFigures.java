package org.mnistdynamics.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistdynamics.stats.SeedSummary;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Figures that show every seed of a configuration next to the mean and its 95 % interval. */
public final class SeedFigures {

    /** Horizontal offset of the with-dropout (−) and without-dropout (+) points from the variant's position. */
    private static final double OFFSET = 0.18;

    private SeedFigures() {
    }


    /**
     * The architecture figure: per depth/width variant (x), the test accuracy (%) of each seed as a small point and
     * the mean with its 95 % t interval as a large point with error bars; with dropout (left, first colour) and
     * without (right, second colour) side by side.
     *
     * @param seeds one row per run and seed with columns {@code depth} (int), {@code width} (double),
     *              {@code dropout} (double) and {@code test_accuracy} (fraction), as
     *              {@code Summaries.seedTable}
     * @return the chart, x = variant index, each variant named under its points ("depth 1", "depth 2, ×0.5", ...)
     * @throws IllegalArgumentException if a column is missing (a table without rows gives a figure titled "No finished
     *                                  runs yet")
     */
    public static XYChart dropoutBySeed(Table seeds) {
        for (String c : List.of("depth", "width", "dropout", "test_accuracy")) {
            if (!seeds.columnNames().contains(c)) {
                throw new IllegalArgumentException("table '" + seeds.name() + "' has no column '" + c + "'; columns: "
                        + seeds.columnNames());
            }
        }
        if (seeds.rowCount() == 0) {
            return PaperStyle.noRunsYet("Variant", "Test accuracy (%)", PaperStyle.WIDTH * 3 / 2, PaperStyle.HEIGHT * 3 / 2);
        }
        // variant -> dropout? -> values (%)
        Map<String, Map<Boolean, List<Double>>> data = new LinkedHashMap<>();
        for (Row r : seeds) {
            String variant = "depth " + r.getInt("depth") + (r.getDouble("width") == 1.0 ? ""
                    : String.format(Locale.ROOT, ", ×%s", HtmlTables.significant(r.getDouble("width"))));
            data.computeIfAbsent(variant, k -> new LinkedHashMap<>()).computeIfAbsent(r.getDouble("dropout") > 0, k -> new ArrayList<>())
                    .add(100 * r.getDouble("test_accuracy"));
        }
        List<String> variants = new ArrayList<>(data.keySet());
        XYChart chart = PaperStyle.xyChart("", "Variant", "Test accuracy (%)", PaperStyle.WIDTH * 3 / 2, PaperStyle.HEIGHT * 3 / 2);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisMin(-0.5);
        chart.getStyler().setXAxisMax(variants.size() - 0.5);
        // The variants are named by annotations under their points: XChart's numeric axis places its own ticks.
        chart.getStyler().setXAxisTicksVisible(false);
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (boolean dropout : new boolean[]{true, false}) {
            String name = dropout ? "with dropout" : "without dropout";
            var colour = PaperStyle.seriesColor(dropout ? 0 : 1);
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            List<Double> mx = new ArrayList<>();
            List<Double> my = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                List<Double> v = data.get(variants.get(i)).get(dropout);
                if (v == null) {
                    continue;
                }
                double x = i + (dropout ? -OFFSET : OFFSET);
                for (double value : v) {
                    px.add(x - 0.06);
                    py.add(value);
                }
                SeedSummary s = SeedSummary.of(v.stream().mapToDouble(Double::doubleValue).toArray());
                double spread = s.hasInterval() ? s.halfWidth() : 0;
                lowest = Math.min(lowest, Math.min(s.mean() - spread, v.stream().mapToDouble(Double::doubleValue).min().orElseThrow()));
                highest = Math.max(highest, Math.max(s.mean() + spread, v.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
                mx.add(x);
                my.add(s.mean());
                err.add(s.hasInterval() ? s.halfWidth() : 0);
            }
            if (mx.isEmpty()) {
                continue;
            }
            XYSeries points = chart.addSeries(name + " (seeds)", px, py);
            points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            points.setMarker(SeriesMarkers.CIRCLE);
            points.setMarkerColor(new java.awt.Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 140));
            points.setShowInLegend(false);
            XYSeries means = chart.addSeries(name + " (mean, 95 % interval)", mx, my, err);
            means.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            means.setMarker(SeriesMarkers.DIAMOND);
            means.setMarkerColor(colour);
            means.setLineColor(colour);
        }
        double margin = Math.max(0.05, 0.12 * (highest - lowest));
        chart.getStyler().setYAxisMin(lowest - margin);
        chart.getStyler().setYAxisMax(highest + margin / 3);
        for (int i = 0; i < variants.size(); i++) {
            chart.addAnnotation(new org.knowm.xchart.AnnotationText(variants.get(i), i, lowest - margin / 2, false));
        }
        chart.getStyler().setAnnotationTextFont(PaperStyle.font(8, false));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }
}
