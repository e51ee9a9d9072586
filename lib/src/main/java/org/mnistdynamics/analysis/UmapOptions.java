package org.mnistdynamics.analysis;

/**
 * Settings of a UMAP embedding (McInnes, Healy &amp; Melville 2018, "UMAP: Uniform Manifold Approximation and
 * Projection for Dimension Reduction", arXiv:1802.03426) computed with Smile's {@code smile.manifold.UMAP}, used as
 * a second view beside t-SNE. Defaults follow umap-learn and Smile ({@code k = 15}, {@code minDist = 0.1},
 * 500 epochs for up to 10,000 points).
 *
 * <p>Smile's UMAP embeds only the largest connected component of the k-nearest-neighbour graph; points outside it
 * are dropped (see {@link Embedding#indices()}). With very well separated classes raise {@code neighbors}.
 *
 * @param maxPoints     at most this many rows are embedded (seeded subsample, the same rows as t-SNE for the same
 *                      seed and size), {@code >= 2}
 * @param pcaDimensions principal components kept first (as for t-SNE), {@code >= 2}
 * @param neighbors     size k of the local neighbourhood, {@code >= 2}
 * @param epochs        optimisation epochs, {@code >= 10}
 * @param minDist       minimum distance between embedded points, in (0, 1]
 * @param seed          seeds the subsample and Smile's random generator
 */
public record UmapOptions(int maxPoints, int pcaDimensions, int neighbors, int epochs, double minDist, long seed) {

    /** Default neighbourhood size (umap-learn, Smile). */
    public static final int DEFAULT_NEIGHBORS = 15;
    /** Default number of epochs for up to 10,000 points (umap-learn, Smile). */
    public static final int DEFAULT_EPOCHS = 500;
    /** Default minimum distance (umap-learn, Smile). */
    public static final double DEFAULT_MIN_DIST = 0.1;

    /**
     * @throws IllegalArgumentException naming the field and the value when a setting is out of range
     */
    public UmapOptions {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("UMAP maxPoints = " + maxPoints + "; expected at least 2");
        }
        if (pcaDimensions < 2) {
            throw new IllegalArgumentException("UMAP pcaDimensions = " + pcaDimensions + "; expected at least 2");
        }
        if (neighbors < 2) {
            throw new IllegalArgumentException("UMAP neighbors = " + neighbors + "; expected at least 2");
        }
        if (epochs < 10) {
            throw new IllegalArgumentException("UMAP epochs = " + epochs + "; expected at least 10");
        }
        if (!(minDist > 0 && minDist <= 1)) {
            throw new IllegalArgumentException("UMAP minDist = " + minDist + "; expected in (0, 1]");
        }
    }

    /**
     * @param seed the run's master seed
     * @return defaults: {@link TsneOptions#DEFAULT_MAX_POINTS} points, 50 PCA dimensions, k = 15, 500 epochs,
     *         minDist 0.1
     */
    public static UmapOptions defaults(long seed) {
        return new UmapOptions(TsneOptions.DEFAULT_MAX_POINTS, TsneOptions.DEFAULT_PCA_DIMENSIONS, DEFAULT_NEIGHBORS,
                DEFAULT_EPOCHS, DEFAULT_MIN_DIST, seed);
    }

    /**
     * @param n points
     * @return a copy with another {@code maxPoints}
     */
    public UmapOptions withMaxPoints(int n) {
        return new UmapOptions(n, pcaDimensions, neighbors, epochs, minDist, seed);
    }

    /**
     * @param k neighbours
     * @return a copy with another neighbourhood size
     */
    public UmapOptions withNeighbors(int k) {
        return new UmapOptions(maxPoints, pcaDimensions, k, epochs, minDist, seed);
    }
}
