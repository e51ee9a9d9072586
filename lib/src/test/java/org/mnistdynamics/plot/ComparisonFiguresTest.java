package org.mnistdynamics.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ComparisonFiguresTest {

    /** One run's train and validation accuracy at epochs 0..n-1. */
    private static Table metrics(double[] train, double[] validation) {
        Table m = Table.create("m", StringColumn.create("run_id"), IntColumn.create("seed"), IntColumn.create("epoch"),
                StringColumn.create("split"), StringColumn.create("metric"), DoubleColumn.create("value"));
        for (int e = 0; e < train.length; e++) {
            for (String split : new String[]{"train", "validation"}) {
                m.stringColumn("run_id").append("r");
                m.intColumn("seed").append(1);
                m.intColumn("epoch").append(e);
                m.stringColumn("split").append(split);
                m.stringColumn("metric").append("accuracy");
                m.doubleColumn("value").append(split.equals("train") ? train[e] : validation[e]);
            }
        }
        return m;
    }

    @Test
    void panelsShareTheirLogErrorAxisInWholeDecades() {
        // MNIST-like errors 3 % .. 0.5 %, Fashion-like 20 % .. 8 %: both panels span 0.1 % .. 100 %.
        Table mnist = metrics(new double[]{0.1, 0.97, 0.995}, new double[]{0.1, 0.98, 0.99});
        Table fashion = metrics(new double[]{0.1, 0.80, 0.92}, new double[]{0.1, 0.85, 0.90});
        ChartGrid grid = ComparisonFigures.errorPanels(List.of("MNIST", "Fashion-MNIST"), List.of(mnist, fashion),
                List.of(Map.of("r", "Adam"), Map.of("r", "Adam")));
        assertEquals(2, grid.columns());
        XYChart left = (XYChart) grid.rows().get(0).get(0);
        XYChart right = (XYChart) grid.rows().get(0).get(1);
        assertEquals("MNIST", left.getTitle());
        assertEquals("Fashion-MNIST", right.getTitle());
        for (XYChart c : List.of(left, right)) {
            assertEquals(0.1, c.getStyler().getYAxisMin(), 1e-12);   // lowest error 0.5 % -> 10^-1
            assertEquals(100.0, c.getStyler().getYAxisMax(), 1e-12); // highest error 20 % -> 10^2
            assertEquals(2.0, c.getStyler().getXAxisMax(), 0);
        }
        assertNotNull(ChartExport.toPngBytes(grid));
    }

    @Test
    void aDatasetWithoutRunsGetsAPanelThatSaysSo() {
        Table empty = metrics(new double[0], new double[0]);
        ChartGrid grid = ComparisonFigures.errorPanels(List.of("MNIST", "Fashion-MNIST"),
                List.of(metrics(new double[]{0.1, 0.97}, new double[]{0.1, 0.98}), empty),
                List.of(Map.of("r", "Adam"), Map.of()));
        assertEquals("No finished runs yet", ((XYChart) grid.rows().get(0).get(1)).getTitle());
        assertThrows(IllegalArgumentException.class, () -> ComparisonFigures.errorPanels(List.of("MNIST"),
                List.of(empty, empty), List.of(Map.of())));
    }
}
