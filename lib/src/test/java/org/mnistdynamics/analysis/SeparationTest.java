package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;

import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeparationTest {

    @Test
    void silhouetteOfFourPointsOnALine() {
        // Class 0 at 0 and 1, class 1 at 4 and 5. a(i) = 1 for every point (its one classmate is 1 away).
        // b(0) = (4+5)/2 = 4.5 -> s = 3.5/4.5 = 7/9;  b(1) = (3+4)/2 = 3.5 -> s = 2.5/3.5 = 5/7;
        // by symmetry s(4) = 5/7, s(5) = 7/9. Mean = (7/9 + 5/7) / 2 = 47/63 = 0.746031746...
        double[][] p = {{0}, {1}, {4}, {5}};
        int[] y = {0, 0, 1, 1};
        assertEquals(47.0 / 63.0, Separation.silhouette(p, y), 1e-12);
        SortedMap<Integer, Double> byClass = Separation.silhouetteByClass(p, y);
        assertEquals(47.0 / 63.0, byClass.get(0), 1e-12);
        assertEquals(47.0 / 63.0, byClass.get(1), 1e-12);
        double[] s = Separation.silhouetteValues(p, y);
        assertEquals(7.0 / 9.0, s[0], 1e-12);
        assertEquals(5.0 / 7.0, s[1], 1e-12);
    }

    @Test
    void knnAccuracyLeavesThePointItselfOut() {
        // 1-D: class 0 at 0, 0.1, 0.2; class 1 at 5, 5.1 and an intruder at 0.04. With k = 1 and leave-one-out:
        // 0 -> nearest other is 0.04 (class 1): wrong; 0.1 -> 0.04 (0.06 away): wrong; 0.2 -> 0.1: right;
        // 5 -> 5.1: right; 5.1 -> 5: right; 0.04 -> 0 (class 0): wrong. Accuracy 3/6. (Counting the point itself
        // as its own neighbour would give 1.0.)
        double[][] p = {{0}, {0.1}, {0.2}, {5}, {5.1}, {0.04}};
        int[] y = {0, 0, 0, 1, 1, 1};
        assertEquals(0.5, Separation.knnAccuracy(p, y, 1), 1e-12);
        // k = 3: 0 -> {0.04, 0.1, 0.2} -> 2 votes class 0: right; 0.1 -> {0.04, 0, 0.2}: right; 0.2 -> right;
        // 5 -> {5.1, 0.2, 0.1}: class 0 wins: wrong; 5.1 -> wrong; 0.04 -> {0, 0.1, 0.2}: wrong. Accuracy 3/6.
        assertEquals(0.5, Separation.knnAccuracy(p, y, 3), 1e-12);
    }

    @Test
    void tiesGoToTheNearestNeighboursLabel() {
        // k = 2. Point 0 (class 0): neighbours 1 (distance 1, class 1) and -2 (distance 2, class 0), one vote each;
        // the nearer label (1) wins: wrong. Point 1 (class 1): neighbours 0 and -2, both class 0: wrong.
        // Point -2 (class 0): neighbours 0 (distance 2, class 0) and 1 (distance 3, class 1): tie, class 0: right.
        // Accuracy 1/3 (breaking ties towards the smaller label instead would give 2/3).
        double[][] p = {{0}, {1}, {-2}};
        int[] y = {0, 1, 0};
        assertEquals(1.0 / 3.0, Separation.knnAccuracy(p, y, 2), 1e-12);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Separation.knnAccuracy(new double[][] {{0}, {1}}, new int[] {0, 1}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Separation.silhouette(new double[][] {{0}, {1}}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> Separation.silhouette(new double[][] {{0}, {1}}, new int[] {0}));
    }

    @Test
    void scoreLooksUpOneEpochAndMethodOfASeparationTable() {
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("separation",
                tech.tablesaw.api.IntColumn.create("epoch", 0, 0, 5),
                tech.tablesaw.api.StringColumn.create("method", "tsne", "umap", "tsne"),
                tech.tablesaw.api.DoubleColumn.create("knn_accuracy", 0.41, 0.37, Double.NaN),
                tech.tablesaw.api.DoubleColumn.create("silhouette", 0.05, 0.02, Double.NaN));
        assertEquals(0.41, Separation.score(t, 0, "tsne", "knn_accuracy").getAsDouble(), 0.0);
        assertEquals(0.02, Separation.score(t, 0, "umap", "silhouette").getAsDouble(), 0.0);
        // a row that could not be scored keeps its NaN; an epoch or method without a row is empty
        assertTrue(Double.isNaN(Separation.score(t, 5, "tsne", "knn_accuracy").getAsDouble()));
        assertTrue(Separation.score(t, 5, "umap", "knn_accuracy").isEmpty());
        assertTrue(Separation.score(t, 1, "tsne", "knn_accuracy").isEmpty());
    }
}
