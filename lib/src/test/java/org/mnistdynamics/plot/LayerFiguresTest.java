package org.mnistdynamics.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/** The layer-analysis figures hold the means and intervals of their tables and export as non-blank PNGs. */
class LayerFiguresTest {

    @Test
    void probeFigureShowsTheMeanAndTheIntervalOverSeeds() throws IOException {
        Table probes = Table.create("probes", StringColumn.create("layer", "input", "input", "dense", "dense"),
                IntColumn.create("depth", 0, 0, 1, 1), IntColumn.create("epoch", 0, 0, 0, 0),
                DoubleColumn.create("test_accuracy", 0.4, 0.6, 0.8, 0.8));
        XYChart chart = LayerFigures.probeAccuracyByDepth(probes);
        XYSeries s = chart.getSeriesMap().get("epoch 0");
        // mean of 40 % and 60 % = 50 %; sd = 14.142 points; half-width = t(0.975, 1) * sd / sqrt(2) = 12.706 * 10
        assertArrayEquals(new double[]{50, 80}, s.getYData(), 1e-9);
        assertEquals(127.06, s.getExtraValues()[0], 0.01);
        assertEquals(0.0, s.getExtraValues()[1], 0.0); // equal values: zero width
        assertPng(chart);
        assertThrows(IllegalArgumentException.class, () -> LayerFigures.probeAccuracyByDepth(Table.create("x")));
    }

    @Test
    void heatmapsAverageSeedsPerCell() throws IOException {
        Table cka = Table.create("cka", StringColumn.create("layer", "block1", "block1", "block1", "dense"),
                IntColumn.create("depth", 1, 1, 1, 2), IntColumn.create("epoch", 0, 0, 1, 1),
                DoubleColumn.create("cka", 0.2, 0.4, 1.0, 1.0));
        HeatMapChart h = LayerFigures.ckaHeatmap(cka);
        var data = h.getHeatMapSeries().getHeatData();
        assertEquals(3, data.size()); // (epoch 0, block1), (1, block1), (1, dense)
        Number[] first = data.get(0);
        assertEquals(0.3, first[2].doubleValue(), 1e-12); // mean of the two seeds
        assertPng(h);
        assertCellsPainted(h);
        Table reinit = Table.create("reinit", StringColumn.create("layer", "conv1", "conv1"),
                IntColumn.create("reset_epoch", 0, 2), DoubleColumn.create("test_accuracy", 0.95, 0.99));
        HeatMapChart r = LayerFigures.reinitialisationHeatmap(reinit);
        Number[] cell = r.getHeatMapSeries().getHeatData().get(0);
        assertEquals(95.0, cell[2].doubleValue(), 1e-9);
        assertPng(r);
        assertCellsPainted(r);
    }

    /**
     * A heatmap's cells are painted: at least 5 % of the image is blue (the colour scale from 0xF7FBFF to 0x08306B),
     * where a chart whose styler lacks its defaults paints only the cell values' text, in grey, on white.
     */
    private static void assertCellsPainted(HeatMapChart chart) throws IOException {
        var image = javax.imageio.ImageIO.read(new ByteArrayInputStream(ChartExport.toPngBytes(chart)));
        long blue = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, b = rgb & 0xFF;
                if (b - r > 40) {
                    blue++;
                }
            }
        }
        assertTrue(blue > 0.05 * image.getWidth() * image.getHeight(), "painted cells: " + blue + " blue pixels");
    }

    @Test
    void transferAndSpectraFigures() throws IOException {
        Table t = Table.create("transfer", StringColumn.create("kind", "BnB", "BnB", "AnB", "base A", "base B"),
                IntColumn.create("cut", 1, 1, 1, 0, 0), DoubleColumn.create("test_accuracy", 0.98, 0.99, 0.97, 0.995, 0.99));
        XYChart chart = LayerFigures.transfer(t);
        assertEquals(98.5, chart.getSeriesMap().get("BnB").getYData()[0], 1e-9);
        // base B is the reference at n = 0; base A scored on A's digits is not on this axis
        assertEquals(99.0, chart.getSeriesMap().get("base B").getYData()[0], 1e-9);
        assertEquals(java.util.Set.of("BnB", "AnB", "base B"), chart.getSeriesMap().keySet());
        assertPng(chart);
        Table s = Table.create("spectra", StringColumn.create("layer", "dense", "dense"), IntColumn.create("epoch", 0, 1),
                DoubleColumn.create("sigma_max", 2.0, 3.0), DoubleColumn.create("mp_edge", 2.0, 2.0));
        assertArrayEquals(new double[]{1.0, 1.5}, LayerFigures.spectralNormOverEdge(s).getSeriesMap().get("dense").getYData(), 1e-12);
    }

    private static void assertPng(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) throws IOException {
        var image = javax.imageio.ImageIO.read(new ByteArrayInputStream(ChartExport.toPngBytes(chart)));
        assertTrue(image.getWidth() > 300 && image.getHeight() > 200);
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                if (image.getRGB(x, y) != first) {
                    varied = true;
                    break;
                }
            }
        }
        assertTrue(varied, "the PNG is blank");
    }
}
