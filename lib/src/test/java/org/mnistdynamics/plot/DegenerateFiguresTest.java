package org.mnistdynamics.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.mnistdynamics.train.MetricRow;
import org.mnistdynamics.train.MetricsTable;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Degenerate results get figures or data errors, never crashes with font advice (issue 14, point 2): a run at 100 %
 * training accuracy (zero error on a log axis), infinite and NaN losses, and raw charts with such data.
 */
class DegenerateFiguresTest {

    private static Table metrics(double... trainAccuracy) {
        List<MetricRow> rows = new ArrayList<>();
        for (int e = 1; e <= trainAccuracy.length; e++) {
            rows.add(new MetricRow("r", 1, e, "train", "accuracy", trainAccuracy[e - 1]));
            rows.add(new MetricRow("r", 1, e, "validation", "accuracy", 0.97 + 0.001 * e));
            rows.add(new MetricRow("r", 1, e, "train", "loss", e == 2 ? Double.POSITIVE_INFINITY : e == 3 ? Double.NaN : 0.1 / e));
            rows.add(new MetricRow("r", 1, e, "validation", "loss", 0.1));
        }
        return MetricsTable.of("m", rows);
    }

    /** Injected: training accuracy reaches 1.0 at epochs 3 and 4 (an over-fitted run). */
    @Test
    void zeroErrorIsDrawnAtTheFloorAndMarked() {
        Table m = metrics(0.9, 0.99, 1.0, 1.0);
        XYChart chart = Figures.errorCurves(m, Map.of("r", "Adam"));
        XYSeries train = chart.getSeriesMap().get("Adam (train)");
        assertArrayEquals(new double[]{10, 1, Figures.ERROR_FLOOR_PERCENT, Figures.ERROR_FLOOR_PERCENT},
                train.getYData(), 1e-9);
        XYSeries mark = chart.getSeriesMap().get("zero error (drawn at 0.01 %)");
        assertNotNull(mark, "the floored points are marked in the legend: " + chart.getSeriesMap().keySet());
        assertArrayEquals(new double[]{3, 4}, mark.getXData(), 0);
        assertEquals("Zero error (100 % accuracy: 2 points) is drawn at 0.01 % and marked with a black triangle.",
                Figures.errorCurvesNote(m));
        assertEquals("", Figures.errorCurvesNote(metrics(0.9, 0.95)));
        assertTrue(ChartExport.toPngBytes(chart).length > 1000);
    }

    /** Injected: training loss +Infinity at epoch 2 and NaN at epoch 3. */
    @Test
    void nonFiniteValuesAreLeftOutWithANote() throws Exception {
        XYChart chart = Figures.metricCurves(metrics(0.9, 0.9, 0.9, 0.9), "loss", Map.of(), "Loss");
        XYSeries train = chart.getSeriesMap().get("r (train)");
        assertArrayEquals(new double[]{1, 4}, train.getXData(), 0);
        assertEquals("2 non-finite values left out: r (train) epoch 2: Infinity; r (train) epoch 3: NaN", chart.getTitle());
        Path png = Files.createTempDirectory("degenerate").resolve("loss.png");
        ChartExport.savePng(chart, png);
        assertTrue(Files.size(png) > 1000);
    }

    /** Injected: a raw chart (not built by Figures) with a 0 on a log axis, and one with +Infinity. */
    @Test
    void unplottableDataIsADataErrorNotAFontProblem() {
        XYChart log = PaperStyle.xyChart("raw", "x", "y");
        log.addSeries("errors", new double[]{1, 2, 3}, new double[]{5, 0, 1});
        log.getStyler().setYAxisLogarithmic(true);
        ChartData.DataException e = assertThrows(ChartData.DataException.class, () -> ChartExport.toImage(log));
        assertEquals("chart data error in chart 'raw', series 'errors': y[1] = 0.0 is not positive, but the y axis is "
                + "logarithmic; floor the values (as Figures.errorCurves does) or use a linear axis", e.getMessage());
        assertFalse(e.getMessage().contains("font"));
        assertThrows(ChartData.DataException.class, () -> ChartExport.savePng(log, Path.of("/tmp/never-written.png")));
        assertFalse(Files.exists(Path.of("/tmp/never-written.png")));

        XYChart inf = PaperStyle.xyChart("raw", "x", "y");
        inf.addSeries("loss", new double[]{1, 2}, new double[]{0.5, Double.NEGATIVE_INFINITY});
        assertTrue(assertThrows(ChartData.DataException.class, () -> ChartExport.toPngBytes(inf)).getMessage()
                .contains("series 'loss': y[1] = -Infinity is infinite"));
    }

    @Test
    void onlyFontFailuresGetFontAdvice() {
        RuntimeException data = ChartExport.renderingFailed(new IllegalArgumentException("Series data cannot be less or equal to zero"));
        assertFalse(data.getMessage().contains("fontconfig"), data.getMessage());
        RuntimeException font = ChartExport.renderingFailed(new NullPointerException("Cannot load from object array because \"sun.awt.FontConfiguration.head\" is null"));
        assertTrue(font.getMessage().contains("fontconfig"), font.getMessage());
    }
}
