package org.mnistdynamics.plot;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistdynamics.stats.SeedSummary;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures of the layer analyses ({@code analysis.LayerAnalysis}): linear probe accuracy against depth, CKA and
 * re-initialisation heatmaps, weight spectra, and the transfer plot. Each takes the analysis tables (one or several
 * seeds stacked) and returns an XChart chart; nothing is shown or written.
 */
public final class LayerFigures {

    private LayerFigures() {
    }

    /**
     * Linear probe test accuracy (%) against depth (0 = input, then block1.., dense), one line per epoch: the mean
     * over seeds with its 95 % t interval as error bars when there are at least two seeds.
     *
     * @param probes columns layer, depth, epoch, test_accuracy (fraction), one row per seed, layer and epoch
     * @return the chart; x ticks are the depths, the layer names are written under the axis
     * @throws IllegalArgumentException if a column is missing
     */
    public static XYChart probeAccuracyByDepth(Table probes) {
        require(probes, "layer", "depth", "epoch", "test_accuracy");
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Map<Integer, List<Double>>> byEpoch = new TreeMap<>();
        for (Row r : probes) {
            names.put(r.getInt("depth"), r.getString("layer"));
            byEpoch.computeIfAbsent(r.getInt("epoch"), e -> new TreeMap<>())
                    .computeIfAbsent(r.getInt("depth"), d -> new ArrayList<>()).add(100 * r.getDouble("test_accuracy"));
        }
        XYChart chart = PaperStyle.xyChart("", "Depth (" + String.join(", ", names.values()) + ")",
                "Probe test accuracy (%)", PaperStyle.WIDTH * 3 / 2, PaperStyle.HEIGHT * 3 / 2);
        chart.getStyler().setXAxisDecimalPattern("0");
        int i = 0;
        for (var e : byEpoch.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (var d : e.getValue().entrySet()) {
                SeedSummary s = SeedSummary.of(d.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                x.add((double) d.getKey());
                y.add(s.mean());
                err.add(s.hasInterval() ? s.halfWidth() : 0.0);
            }
            XYSeries series = chart.addSeries("epoch " + e.getKey(), x, y, err);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(PaperStyle.seriesColor(i));
            series.setMarkerColor(PaperStyle.seriesColor(i++));
        }
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        return chart;
    }

    /**
     * Linear CKA of each layer at each epoch with the same layer at the last epoch (mean over seeds), as a heatmap.
     *
     * @param cka columns layer, depth, epoch, cka
     * @return a heatmap, x = epoch, y = layer (shallow at the bottom), values printed with two decimals
     * @throws IllegalArgumentException if a column is missing
     */
    public static HeatMapChart ckaHeatmap(Table cka) {
        require(cka, "layer", "depth", "epoch", "cka");
        return heatmap(cka, "epoch", "cka", "Epoch", "Layer", 1.0, "0.00", 0.0, 1.0);
    }

    /**
     * Test accuracy (%) of the final network with one layer reset to its weights at epoch t (mean over seeds).
     *
     * @param reinit columns layer, reset_epoch, test_accuracy (fraction); layers in network order
     * @return a heatmap, x = t (0 = initial weights), y = layer (input side at the bottom), values in %
     * @throws IllegalArgumentException if a column is missing
     */
    public static HeatMapChart reinitialisationHeatmap(Table reinit) {
        require(reinit, "layer", "reset_epoch", "test_accuracy");
        return heatmap(reinit, "reset_epoch", "test_accuracy", "Epoch t the layer is reset to", "Layer", 100.0, "0.0",
                Double.NaN, 100.0);
    }

    /**
     * The largest singular value of each weight layer relative to the Marchenko-Pastur edge of its initial weights,
     * per epoch (mean over seeds): 1 at initialisation for i.i.d. weights, above 1 once training grows a spike.
     *
     * @param spectra columns layer, epoch, sigma_max, mp_edge
     * @return one line per layer
     * @throws IllegalArgumentException if a column is missing
     */
    public static XYChart spectralNormOverEdge(Table spectra) {
        require(spectra, "layer", "epoch", "sigma_max", "mp_edge");
        Map<String, Map<Integer, List<Double>>> v = new LinkedHashMap<>();
        for (Row r : spectra) {
            v.computeIfAbsent(r.getString("layer"), k -> new TreeMap<>()).computeIfAbsent(r.getInt("epoch"), e -> new ArrayList<>())
                    .add(r.getDouble("sigma_max") / r.getDouble("mp_edge"));
        }
        XYChart chart = PaperStyle.xyChart("", "Epoch", "σ_max / Marchenko-Pastur edge at init");
        chart.getStyler().setXAxisDecimalPattern("0");
        int i = 0;
        for (var e : v.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            e.getValue().forEach((epoch, values) -> {
                x.add((double) epoch);
                y.add(values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            });
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(PaperStyle.seriesColor(i));
            s.setMarkerColor(PaperStyle.seriesColor(i++));
        }
        return chart;
    }

    /**
     * Yosinski et al. (2014, Figure 2): test accuracy on task B against the cut n, for BnB, BnB+ (fine-tuned), AnB and
     * AnB+, each the mean over seeds with its 95 % interval, and base B at n = 0 (other kinds are left out).
     *
     * @param transfer columns kind (BnB, BnB+, AnB, AnB+, base B), cut (int, 1 = after block 1 ..., 0 for base B),
     *                 test_accuracy (fraction); e.g. {@code TransferResults.perSeed}
     * @return one series per kind, slightly offset so that the error bars do not overlap
     * @throws IllegalArgumentException if a column is missing
     */
    public static XYChart transfer(Table transfer) {
        require(transfer, "kind", "cut", "test_accuracy");
        Map<String, Map<Integer, List<Double>>> v = new LinkedHashMap<>();
        for (String k : List.of("BnB", "BnB+", "AnB", "AnB+")) {
            v.put(k, new TreeMap<>());
        }
        v.put("base B", new TreeMap<>());
        for (Row r : transfer) {
            // base A's accuracy is on A's digits: not a point on this axis
            if (v.containsKey(r.getString("kind"))) {
                v.get(r.getString("kind")).computeIfAbsent(r.getInt("cut"), c -> new ArrayList<>())
                        .add(100 * r.getDouble("test_accuracy"));
            }
        }
        XYChart chart = PaperStyle.xyChart("", "Layers copied (n: cut after block n; last = after dense)",
                "Test accuracy on B (%)", PaperStyle.WIDTH * 3 / 2, PaperStyle.HEIGHT * 3 / 2);
        chart.getStyler().setXAxisDecimalPattern("0");
        int i = 0;
        for (var e : v.entrySet()) {
            if (e.getValue().isEmpty()) {
                i++;
                continue;
            }
            double offset = (i - 1.5) * 0.06;
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            e.getValue().forEach((cut, values) -> {
                SeedSummary s = SeedSummary.of(values.stream().mapToDouble(Double::doubleValue).toArray());
                x.add(cut + offset);
                y.add(s.mean());
                err.add(s.hasInterval() ? s.halfWidth() : 0.0);
            });
            XYSeries s = chart.addSeries(e.getKey(), x, y, err);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(PaperStyle.seriesColor(i));
            s.setMarkerColor(PaperStyle.seriesColor(i++));
        }
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        return chart;
    }

    private static HeatMapChart heatmap(Table t, String xColumn, String valueColumn, String xTitle, String yTitle,
                                        double scale, String pattern, double min, double max) {
        List<String> layers = new ArrayList<>();
        TreeMap<Integer, Integer> xs = new TreeMap<>();
        Map<String, List<Double>> cells = new LinkedHashMap<>();
        for (Row r : t) {
            String layer = r.getString("layer");
            if (!layers.contains(layer)) {
                layers.add(layer);
            }
            xs.put(r.getInt(xColumn), 0);
            cells.computeIfAbsent(layer + "\t" + r.getInt(xColumn), k -> new ArrayList<>()).add(scale * r.getDouble(valueColumn));
        }
        List<Integer> xValues = new ArrayList<>(xs.keySet());
        List<Number[]> heat = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        for (int yi = 0; yi < layers.size(); yi++) {
            for (int xi = 0; xi < xValues.size(); xi++) {
                List<Double> v = cells.get(layers.get(yi) + "\t" + xValues.get(xi));
                if (v == null) {
                    continue;
                }
                double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                lo = Math.min(lo, mean);
                heat.add(new Number[]{xi, yi, mean});
            }
        }
        HeatMapChart chart = new HeatMapChart(PaperStyle.WIDTH * 3 / 2, Math.max(PaperStyle.HEIGHT, 60 * layers.size() + 90));
        // XChart 3.8.8's HeatMapChart(int, int) leaves its styler's defaults (locale, axis patterns, range colours)
        // unset, and then paints no cells and no axes; setting a theme fills them in before our style goes on top.
        chart.getStyler().setTheme(new org.knowm.xchart.style.theme.XChartTheme());
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        PaperStyle.apply(chart.getStyler());
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(PaperStyle.font(7, false));
        chart.getStyler().setHeatMapValueDecimalPattern(pattern);
        chart.getStyler().setRangeColors(new Color[]{new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
        chart.getStyler().setValueFontColor(Color.DARK_GRAY);
        chart.getStyler().setMin(Double.isNaN(min) ? (Double.isFinite(lo) ? lo : 0) : min);
        chart.getStyler().setMax(max);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        // String categories: XChart 3.8.8's number formatter fails on an integer category axis of a heatmap.
        chart.addSeries(valueColumn, xValues.stream().map(String::valueOf).toList(), layers, heat);
        return chart;
    }

    private static void require(Table t, String... columns) {
        for (String c : columns) {
            if (!t.columnNames().contains(c)) {
                throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + c + "'; columns: " + t.columnNames());
            }
        }
    }
}
