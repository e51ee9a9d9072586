package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.mnistdynamics.plot.ChartExport;
import org.mnistdynamics.plot.Figures;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Degenerate representations get embeddings or clear messages (issue 14, point 2): dead units (constant columns),
 * a representation with no variance, and a UMAP that keeps one class only.
 */
class DegenerateEmbeddingsTest {

    /** Injected: 100 of 128 columns are exactly 0 (dead ReLU units), 28 carry 4 separated clusters. */
    @Test
    void deadUnitsAreDroppedBeforePca() {
        int n = 240;
        int[] labels = new int[n];
        double[][] live = EmbeddingsTest.clusters(n, 28, 4, labels, 3);
        double[][] x = new double[n][128];
        for (int i = 0; i < n; i++) {
            System.arraycopy(live[i], 0, x[i], 100, 28);
        }
        assertEquals(28, Embeddings.withoutConstantColumns(x)[0].length);
        Embedding t = Embeddings.tsne(x, labels, TsneOptions.defaults(1).withIterations(300).withProgress(false));
        assertTrue(Separation.of(t).knnAccuracy() > 0.9, "t-SNE of the live units separates the clusters");
        Embedding u = Embeddings.umap(x, labels, UmapOptions.defaults(1));
        assertEquals(n, u.sampled());
        assertTrue(u.size() > 0);
    }

    /** Injected: every unit dead (Adam at lr 0.5 ends so): all 128 columns are 0. */
    @Test
    void noVarianceIsAClearError() {
        double[][] x = new double[200][128];
        int[] labels = new int[200];
        Embeddings.NoVarianceException e = assertThrows(Embeddings.NoVarianceException.class,
                () -> Embeddings.tsne(x, labels, TsneOptions.defaults(1).withProgress(false)));
        assertTrue(e.getMessage().contains("all 128 feature columns are constant over the 200 rows"), e.getMessage());
        assertThrows(Embeddings.NoVarianceException.class, () -> Embeddings.umap(x, labels, UmapOptions.defaults(1)));
    }

    /**
     * Injected: one class of 100 points far from two classes of 50 (each class a separate component of the 15-NN
     * graph), so UMAP keeps (almost all of) the 100 points of class 0 alone. Separation and the figure report it instead of throwing.
     */
    @Test
    void umapKeepingOneClassIsReportedNotThrown() {
        Random r = new Random(5);
        double[][] x = new double[200][10];
        int[] labels = new int[200];
        for (int i = 0; i < 200; i++) {
            labels[i] = i < 100 ? 0 : i < 150 ? 1 : 2;
            for (int j = 0; j < 10; j++) {
                x[i][j] = r.nextGaussian() + (j == labels[i] ? 1000 : 0);
            }
        }
        Embedding e = Embeddings.umap(x, labels, UmapOptions.defaults(2));
        assertTrue(e.size() > 90 && e.size() <= 100, "about class 0 alone: " + e.size());
        assertTrue(java.util.Arrays.stream(e.labels()).allMatch(l -> l == 0));
        assertEquals(200, e.sampled());
        assertTrue(e.partial());

        Separation.Scores s = Separation.of(e);
        assertFalse(s.scored());
        assertTrue(Double.isNaN(s.knnAccuracy()) && Double.isNaN(s.silhouette()));
        assertEquals(e.size() + " of 200 points kept (one class only): too few to score the separation", s.note());

        XYChart chart = Figures.embeddingScatterWithScores(e);
        assertEquals("UMAP: " + e.size() + " of 200 points kept (one class only): too few to score the separation",
                chart.getTitle());
        assertTrue(ChartExport.toPngBytes(chart).length > 1000);
    }

    @Test
    void partialButScorableEmbeddingSaysHowManyWereKept() {
        int[] labels = new int[60];
        double[][] pts = new double[60][2];
        for (int i = 0; i < 60; i++) {
            labels[i] = i % 2;
            pts[i][0] = labels[i] * 10 + i * 0.01;
            pts[i][1] = i * 0.02;
        }
        int[] idx = new int[60];
        for (int i = 0; i < 60; i++) {
            idx[i] = i;
        }
        Embedding e = new Embedding("umap", idx, pts, labels, 1, 0, Double.NaN, 64);
        Separation.Scores s = Separation.of(e);
        assertTrue(s.scored());
        assertEquals("60 of 64 points kept", s.note());
        assertTrue(Figures.embeddingScatterWithScores(e).getTitle().endsWith("(60 of 64 points kept)"));
    }
}
