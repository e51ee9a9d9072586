package org.mnistdynamics.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.*;

class SeedFiguresTest {

    /** depth 1 and depth 2, each with and without dropout, 3 seeds each. */
    private static Table seeds() {
        return Table.create("architecture per seed",
                IntColumn.create("depth", 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2),
                DoubleColumn.create("width", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
                DoubleColumn.create("dropout", 0.5, 0.5, 0.5, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0, 0),
                DoubleColumn.create("test_accuracy", 0.986, 0.987, 0.988, 0.985, 0.986, 0.987,
                        0.991, 0.992, 0.993, 0.990, 0.990, 0.990));
    }

    @Test
    void everySeedIsAPointBesideTheMeanWithItsInterval() {
        XYChart chart = SeedFigures.dropoutBySeed(seeds());
        var s = chart.getSeriesMap();
        assertEquals(4, s.size());
        var with = s.get("with dropout (mean, 95 % interval)");
        // depth 1 with dropout: mean 98.7 %, sd 0.1 points, half-width t(0.975, 2) x 0.1 / sqrt(3) = 4.3027 x 0.057735
        assertArrayEquals(new double[]{98.7, 99.2}, with.getYData(), 1e-9);
        assertArrayEquals(new double[]{-0.18, 0.82}, with.getXData(), 1e-12);
        assertEquals(4.302653 * 0.1 / Math.sqrt(3), with.getExtraValues()[0], 1e-5);
        var without = s.get("without dropout (mean, 95 % interval)");
        assertEquals(0.0, without.getExtraValues()[1], 1e-9); // three equal seeds: no spread
        assertEquals(6, s.get("with dropout (seeds)").getYData().length);
        assertFalse(s.get("with dropout (seeds)").isShowInLegend());
        // the axis starts below the lowest interval end (depth 1 with dropout: 98.7 - 0.248), leaving room for the names
        assertTrue(chart.getStyler().getYAxisMin() < 98.7 - 4.302653 * 0.1 / Math.sqrt(3));
        assertEquals(576, chart.getWidth());
    }

    @Test
    void noFinishedRunGivesAFigureThatSaysSo() {
        assertEquals("No finished runs yet", SeedFigures.dropoutBySeed(seeds().emptyCopy()).getTitle());
    }

    @Test
    void aMissingColumnIsNamed() {
        Table t = seeds().removeColumns("dropout");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SeedFigures.dropoutBySeed(t)).getMessage()
                .contains("has no column 'dropout'"));
    }
}
