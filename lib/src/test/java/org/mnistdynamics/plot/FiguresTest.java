package org.mnistdynamics.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.mnistdynamics.analysis.EpochHistograms;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiguresTest {

    /** Two optimizers, two seeds of Adam; epochs 1..3; train, validation and test rows. */
    static Table metrics() {
        Table t = Table.create("metrics", StringColumn.create("run_id"), LongColumn.create("seed"),
                IntColumn.create("epoch"), StringColumn.create("split"), StringColumn.create("metric"),
                DoubleColumn.create("value"));
        String[] runs = {"adam-s1", "adam-s2", "sgd-s1"};
        double[][] trainAcc = {{0.90, 0.95, 0.97}, {0.92, 0.95, 0.99}, {0.80, 0.85, 0.90}};
        for (int r = 0; r < runs.length; r++) {
            for (int e = 1; e <= 3; e++) {
                add(t, runs[r], r, e, "train", "accuracy", trainAcc[r][e - 1]);
                add(t, runs[r], r, e, "validation", "accuracy", trainAcc[r][e - 1] - 0.01);
                add(t, runs[r], r, e, "test", "accuracy", 0.5);
                add(t, runs[r], r, e, "train", "loss", 1.0 / e);
            }
        }
        return t;
    }

    static void add(Table t, String run, long seed, int epoch, String split, String metric, double value) {
        t.stringColumn("run_id").append(run);
        t.longColumn("seed").append(seed);
        t.intColumn("epoch").append(epoch);
        t.stringColumn("split").append(split);
        t.stringColumn("metric").append(metric);
        t.doubleColumn("value").append(value);
    }

    @Test
    void accuracyCurvesHaveOneColourPerLabelSolidTrainDashedValidation() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("sgd-s1", "SGD");
        labels.put("adam-s1", "Adam");
        labels.put("adam-s2", "Adam");
        XYChart chart = Figures.accuracyCurves(metrics(), labels);
        Map<String, XYSeries> s = chart.getSeriesMap();
        assertEquals(List.of("SGD (train)", "SGD (validation)", "Adam (train) band", "Adam (train)",
                "Adam (validation) band", "Adam (validation)"), List.copyOf(s.keySet()));
        // The band is the 95 % t interval of the two seeds' mean: t(0.975, 1) = 12.706, sd(0.90, 0.92) = 0.014142,
        // half-width 12.706 x 0.014142 / sqrt(2) = 0.12706; epoch 2 has no spread (0.95, 0.95).
        XYSeries band = s.get("Adam (train) band");
        assertFalse(band.isShowInLegend());
        assertArrayEquals(new double[] {1, 2, 3, 3, 2, 1}, band.getXData(), 0);
        double hw = 12.7062047 * 0.0141421356 / Math.sqrt(2);
        // upper ends 0.91 + hw and 0.98 + hw exceed 1 and are clipped: a mean accuracy stays in [0, 1]
        assertArrayEquals(new double[] {1, 0.95, 1, 0.98 - hw, 0.95, 0.91 - hw}, band.getYData(), 1e-6);
        // Adam's two seeds are averaged per epoch: (0.90+0.92)/2, (0.95+0.95)/2, (0.97+0.99)/2.
        assertArrayEquals(new double[] {0.91, 0.95, 0.98}, s.get("Adam (train)").getYData(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, s.get("Adam (train)").getXData(), 0);
        assertEquals(PaperStyle.seriesColor(0), s.get("SGD (validation)").getLineColor());
        assertEquals(PaperStyle.seriesColor(1), s.get("Adam (train)").getLineColor());
        assertEquals(SeriesLines.SOLID, s.get("Adam (train)").getLineStyle());
        assertEquals(SeriesLines.DASH_DASH, s.get("Adam (validation)").getLineStyle());
        assertEquals(384, chart.getWidth());
        assertEquals("Epoch", chart.getXAxisTitle());
    }

    @Test
    void labelsCanComeFromAColumn() {
        Table t = metrics();
        StringColumn optimizer = StringColumn.create("optimizer");
        t.stringColumn("run_id").forEach(r -> optimizer.append(r.startsWith("adam") ? "Adam" : "SGD"));
        t.addColumns(optimizer);
        XYChart chart = Figures.accuracyCurves(t, "optimizer");
        assertEquals(6, chart.getSeriesMap().size()); // 2 labels x 2 splits, and Adam's two seeds get bands
        assertTrue(chart.getSeriesMap().containsKey("SGD (validation)"));
    }

    @Test
    void missingOrMistypedColumnsAreNamed() {
        Table t = metrics().removeColumns("split");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Figures.accuracyCurves(t));
        assertTrue(e.getMessage().contains("'split'"), e.getMessage());
        Table u = metrics();
        u.replaceColumn("epoch", StringColumn.create("epoch", u.rowCount()));
        e = assertThrows(IllegalArgumentException.class, () -> Figures.accuracyCurves(u));
        assertTrue(e.getMessage().contains("'epoch'") && e.getMessage().contains("numeric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Figures.metricCurves(metrics(), "f1", Map.of(), "F1"));
        assertTrue(e.getMessage().contains("accuracy") && e.getMessage().contains("loss"), e.getMessage());
    }

    @Test
    void weightDistributionsAreOneImageOfLayersByEpochs() {
        Random r = new Random(1);
        List<EpochHistograms> layers = new java.util.ArrayList<>();
        for (String name : List.of("conv1 W", "conv2 W", "dense W")) {
            Map<Integer, double[]> byEpoch = new TreeMap<>();
            for (int epoch : new int[] {0, 1, 5, 20}) {
                double[] v = new double[2000];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (0.05 + 0.01 * epoch) * r.nextGaussian();
                }
                byEpoch.put(epoch, v);
            }
            layers.add(EpochHistograms.of(name, byEpoch, 60));
        }
        ChartGrid grid = Figures.weightDistributions(layers, 0, 5, 20);
        assertEquals(3, grid.rows().size());
        assertEquals(3, grid.columns());
        BufferedImage img = grid.toImage(150);
        // 3 columns x 180 pt and 3 rows x 120 pt at 150 DPI: (int)(540 * 150/72.0) = 1125, (int)(360 * 150/72.0) = 750
        assertEquals(1125, img.getWidth());
        assertEquals(750, img.getHeight());
        ChartExportTest.assertNotBlank(img);
        // Cells of a row share the y-axis maximum; only the top row carries the epoch titles.
        XYChart a = (XYChart) grid.rows().get(1).get(0);
        XYChart b = (XYChart) grid.rows().get(1).get(2);
        assertEquals(a.getStyler().getYAxisMax(), b.getStyler().getYAxisMax());
        assertEquals("epoch 20", ((XYChart) grid.rows().get(0).get(2)).getTitle());
        assertEquals("", a.getTitle());
        assertThrows(IllegalArgumentException.class, () -> Figures.weightDistributions(layers, 3));
    }

    @Test
    void errorCurvesShowHundredMinusAccuracyOnALogAxisFromEpochOne() {
        Table m = Table.create("m", StringColumn.create("run_id"), tech.tablesaw.api.IntColumn.create("seed"),
                tech.tablesaw.api.IntColumn.create("epoch"), StringColumn.create("split"), StringColumn.create("metric"),
                tech.tablesaw.api.DoubleColumn.create("value"));
        double[][] acc = {{0.10, 0.90, 0.99}, {0.11, 0.95, 0.995}}; // train, validation at epochs 0, 1, 2
        String[] splits = {"train", "validation"};
        for (int s = 0; s < 2; s++) {
            for (int e = 0; e < 3; e++) {
                m.stringColumn("run_id").append("r");
                m.intColumn("seed").append(1);
                m.intColumn("epoch").append(e);
                m.stringColumn("split").append(splits[s]);
                m.stringColumn("metric").append("accuracy");
                m.doubleColumn("value").append(acc[s][e]);
            }
        }
        XYChart chart = Figures.errorCurves(m, Map.of("r", "Adam"));
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        double[] validation = chart.getSeriesMap().get("Adam (validation)").getYData();
        assertArrayEquals(new double[]{5.0, 0.5}, validation, 1e-9); // epochs 1 and 2 only
        assertArrayEquals(new double[]{1, 2}, chart.getSeriesMap().get("Adam (train)").getXData(), 0);
        assertEquals(6, m.rowCount(), "the input table is not changed");
    }

    @Test
    void embeddingScatterHasOneSeriesPerDigit() {
        int n = 200;
        double[][] p = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            p[i][0] = y[i] + 0.1 * Math.sin(i);
            p[i][1] = -y[i];
        }
        XYChart chart = Figures.embeddingScatter(p, y, "t-SNE");
        assertEquals(10, chart.getSeriesMap().size());
        assertEquals(20, chart.getSeriesMap().get("7").getXData().length);
        assertEquals(PaperStyle.digitColor(7), chart.getSeriesMap().get("7").getMarkerColor());
        assertEquals("t-SNE 1", chart.getXAxisTitle());
        BufferedImage img = ChartExport.toImage(chart);
        assertEquals(800, img.getWidth());
        assertEquals(ChartExport.pixels(PaperStyle.SCATTER_HEIGHT, 150), img.getHeight());

        // Figure 3 carries its separation in the title: ten well-separated rows give 5-NN accuracy 100 %
        int[] index = java.util.stream.IntStream.range(0, n).toArray();
        XYChart titled = Figures.embeddingScatterWithScores(new org.mnistdynamics.analysis.Embedding("tsne", index, p, y, 1, 0, 0));
        assertTrue(titled.getTitle().startsWith("t-SNE: 5-NN accuracy 100.0 %, silhouette 0.9"), titled.getTitle());
        assertEquals("t-SNE 1", titled.getXAxisTitle());
    }

    @Test
    void paletteIsDistinct() {
        assertEquals(10, java.util.Arrays.stream(PaperStyle.digitColors()).distinct().count());
        assertEquals(8, java.util.Arrays.stream(PaperStyle.okabeIto()).distinct().count());
        assertEquals(0.5, Figures.niceStep(0.43), 1e-12);
        assertEquals(0.02, Figures.niceStep(0.0123), 1e-12);
    }
}
