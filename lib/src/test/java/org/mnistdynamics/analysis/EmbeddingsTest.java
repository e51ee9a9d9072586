package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingsTest {

    /** n points in d dimensions, k Gaussian clusters (sd 1) whose centres are 8 out along distinct axes. */
    static double[][] clusters(int n, int d, int k, int[] labels, long seed) {
        return clusters(n, d, k, labels, seed, 8);
    }

    /** As above with centres {@code offset} out along distinct axes. */
    static double[][] clusters(int n, int d, int k, int[] labels, long seed, double offset) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            labels[i] = i % k;
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian() + (j == labels[i] ? offset : 0);
            }
        }
        return x;
    }

    @Test
    void tsneSeparatesWellSeparatedClusters() {
        int[] labels = new int[300];
        double[][] x = clusters(300, 60, 4, labels, 1);
        Embedding e = Embeddings.tsne(x, labels, TsneOptions.defaults(42).withIterations(500).withProgress(false));
        assertEquals("t-SNE", e.method());
        assertEquals(300, e.size());
        assertEquals(2, e.coordinates()[0].length);
        assertArrayEquals(labels, e.labels());
        Separation.Scores s = Separation.of(e);
        assertTrue(s.knnAccuracy() > 0.95, "k-NN accuracy " + s.knnAccuracy());
        assertTrue(s.silhouette() > 0.5, "silhouette " + s.silhouette());
        assertTrue(e.cost() > 0 && e.cost() < 5, "KL divergence " + e.cost());
    }

    @Test
    void tsneIsReproducibleForASeed() {
        int[] labels = new int[120];
        double[][] x = clusters(120, 20, 3, labels, 2);
        TsneOptions o = TsneOptions.defaults(7).withPerplexity(10).withIterations(100).withProgress(false);
        Embedding a = Embeddings.tsne(x, labels, o);
        Embedding b = Embeddings.tsne(x, labels, o);
        assertArrayEquals(a.coordinates()[17], b.coordinates()[17], 0);
        assertArrayEquals(a.coordinates()[119], b.coordinates()[119], 0);
    }

    @Test
    void squareInputIsNotMistakenForADistanceMatrix() {
        // 50 points in 60 dimensions -> PCA to 50 -> a 50 x 50 matrix, which Smile would read as distances.
        int[] labels = new int[50];
        double[][] x = clusters(50, 60, 5, labels, 3);
        Embedding e = Embeddings.tsne(x, labels, TsneOptions.defaults(1).withPerplexity(5).withIterations(500)
                .withProgress(false));
        assertTrue(Separation.knnAccuracy(e.coordinates(), e.labels(), 3) > 0.95,
                "k-NN accuracy " + Separation.knnAccuracy(e.coordinates(), e.labels(), 3));
    }

    @Test
    void largeInputsAreSubsampledAndKeepTheirLabels() {
        int[] labels = new int[500];
        double[][] x = clusters(500, 10, 5, labels, 4);
        Embedding e = Embeddings.tsne(x, labels, TsneOptions.defaults(9).withMaxPoints(200).withIterations(50)
                .withProgress(false));
        assertEquals(200, e.size());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(labels[e.indices()[i]], e.labels()[i]);
            if (i > 0) {
                assertTrue(e.indices()[i] > e.indices()[i - 1]);
            }
        }
        // Same seed and size -> the same rows for t-SNE and UMAP.
        assertArrayEquals(Embeddings.sample(500, 200, 9), e.indices());
        assertEquals(200, Arrays.stream(Embeddings.sample(500, 200, 9)).distinct().count());
        tech.tablesaw.api.Table t = e.toTable("t");
        assertEquals(java.util.List.of("index", "x", "y", "label"), t.columnNames());
        assertEquals(200, t.rowCount());
        assertEquals(e.indices()[5], t.intColumn("index").getInt(5));
        assertEquals(e.coordinates()[5][1], t.doubleColumn("y").getDouble(5), 0);
    }

    @Test
    void heapCheckNamesXmxWhenTooSmall() {
        assertEquals(96_000_000L, Embeddings.tsneHeapBytes(2000));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Embeddings.checkHeapForTsne(1_000_000));
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
        Embeddings.checkHeapForTsne(1000); // 24 MB: fits
    }

    @Test
    void tooFewPointsForThePerplexityAreRejected() {
        int[] labels = new int[60];
        double[][] x = clusters(60, 5, 2, labels, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Embeddings.tsne(x, labels, TsneOptions.defaults(1).withProgress(false)));
        assertTrue(e.getMessage().contains("perplexity 30"), e.getMessage());
    }

    @Test
    void raggedOrNonFiniteFeaturesAreRejected() {
        double[][] ragged = {{1, 2}, {3}};
        assertThrows(IllegalArgumentException.class, () -> Embeddings.pca(ragged, 1));
        double[][] nan = {{1, 2}, {3, Double.NaN}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Embeddings.pca(nan, 1));
        assertTrue(e.getMessage().contains("features[1][1]"), e.getMessage());
    }

    @Test
    void umapSeparatesClustersWhoseNeighbourGraphIsConnected() {
        // Centres 5 out: clusters are separable but their 15-NN graph is (nearly) connected.
        int[] labels = new int[300];
        double[][] x = clusters(300, 60, 4, labels, 6, 5);
        Embedding e = Embeddings.umap(x, labels, UmapOptions.defaults(3));
        assertEquals("UMAP", e.method());
        assertTrue(e.size() >= 280 && e.size() <= 300, "kept " + e.size());
        assertTrue(Double.isNaN(e.cost()));
        for (int i = 0; i < e.size(); i++) {
            assertEquals(labels[e.indices()[i]], e.labels()[i]);
        }
        Separation.Scores s = Separation.of(e);
        assertTrue(s.knnAccuracy() > 0.95, "k-NN accuracy " + s.knnAccuracy());
        assertTrue(s.silhouette() > 0.5, "silhouette " + s.silhouette());
    }

    @Test
    void umapKeepsOnlyTheLargestComponentOfADisconnectedGraph() {
        // Documented Smile behaviour: with centres 8 out the 15-NN graph falls apart into the 4 clusters and only
        // the largest component (one cluster, at most 75 points) is embedded; the result says so in its indices.
        int[] labels = new int[300];
        double[][] x = clusters(300, 60, 4, labels, 6);
        Embedding e = Embeddings.umap(x, labels, UmapOptions.defaults(3));
        assertTrue(e.size() <= 75, "kept " + e.size());
        assertEquals(1, Arrays.stream(e.labels()).distinct().count());
    }

    @Test
    void pcaKeepsTheRequestedComponents() {
        int[] labels = new int[100];
        double[][] x = clusters(100, 30, 3, labels, 8);
        double[][] y = Embeddings.pca(x, 5);
        assertEquals(100, y.length);
        assertEquals(5, y[0].length);
        // Projections are centred: the mean of each component is 0.
        double mean = Arrays.stream(y).mapToDouble(r -> r[0]).average().orElseThrow();
        assertEquals(0, mean, 1e-9);
    }
}
