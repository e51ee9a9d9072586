package org.mnistdynamics.analysis;

/**
 * Settings of a t-SNE embedding (van der Maaten &amp; Hinton 2008, "Visualizing Data using t-SNE", JMLR 9) computed
 * with Smile's exact t-SNE ({@code smile.manifold.TSNE}).
 *
 * <p>Cost: Smile's t-SNE is exact, so time and memory grow with the square of the number of points. It holds three
 * {@code n x n} double matrices (distances, P, Q): about {@code 24 n^2} bytes of heap (see
 * {@link Embeddings#tsneHeapBytes(int)}). Measured on this project's 2-core machine with {@code EmbeddingsCostIT}
 * (128-D inputs, PCA to 50, perplexity 30, 1,000 iterations, {@code -Xmx6g}; while a training run shared the
 * cores, so times are pessimistic): peak heap is the sampled rise in used heap.
 * <table>
 *   <caption>Exact t-SNE cost, Smile 3.1.1, 2 cores</caption>
 *   <tr><th>points</th><th>time (s)</th><th>peak heap (MiB)</th><th>24 n² (MiB)</th></tr>
 *   <tr><td>1,000</td><td>2.8</td><td>24</td><td>22</td></tr>
 *   <tr><td>2,000</td><td>21.0</td><td>91</td><td>91</td></tr>
 *   <tr><td>3,000</td><td>43.5</td><td>183</td><td>205</td></tr>
 *   <tr><td>5,000</td><td>111.6</td><td>516</td><td>572</td></tr>
 * </table>
 * Time is linear in the iterations (2,000 points, 300 iterations: about 6 s). Hence the default of
 * {@value #DEFAULT_MAX_POINTS} points: a notebook cell of well under a minute and about 100 MB of heap; all 10,000
 * test images would need about 2.2 GiB of heap and roughly 25 times as long.
 *
 * @param maxPoints     at most this many rows are embedded; a larger input is subsampled (seeded, without
 *                      replacement, see {@link Embeddings#sample(int, int, long)}), {@code >= 2}
 * @param pcaDimensions the input is first reduced to this many principal components (Smile PCA) when it has more
 *                      columns; 50 is the usual choice (van der Maaten &amp; Hinton 2008), {@code >= 2}
 * @param perplexity    effective number of neighbours, typically 5..50; needs {@code n - 1 >= 3 * perplexity}
 * @param learningRate  gradient-descent step size (eta), Smile's default 200
 * @param iterations    gradient-descent iterations; early exaggeration (x12) and momentum 0.5 last 250 of them
 *                      (Smile's fixed schedule), {@code >= 1}
 * @param seed          seeds the subsample and Smile's random initial layout (the run's master seed)
 * @param showProgress  print a progress bar (stderr) while iterating
 */
public record TsneOptions(int maxPoints, int pcaDimensions, double perplexity, double learningRate, int iterations,
                          long seed, boolean showProgress) {

    /** Default number of embedded points (see the cost table above). */
    public static final int DEFAULT_MAX_POINTS = 2000;
    /** Default number of principal components kept before t-SNE. */
    public static final int DEFAULT_PCA_DIMENSIONS = 50;
    /** Default perplexity (van der Maaten &amp; Hinton 2008 suggest 5 to 50). */
    public static final double DEFAULT_PERPLEXITY = 30;
    /** Default learning rate (Smile's default). */
    public static final double DEFAULT_LEARNING_RATE = 200;
    /** Default number of iterations (van der Maaten's reference implementation and Smile use 1,000). */
    public static final int DEFAULT_ITERATIONS = 1000;

    /**
     * @throws IllegalArgumentException naming the field and the value when a setting is out of range
     */
    public TsneOptions {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("t-SNE maxPoints = " + maxPoints + "; expected at least 2");
        }
        if (pcaDimensions < 2) {
            throw new IllegalArgumentException("t-SNE pcaDimensions = " + pcaDimensions + "; expected at least 2");
        }
        if (!(perplexity > 0)) {
            throw new IllegalArgumentException("t-SNE perplexity = " + perplexity + "; expected > 0 (typically 5..50)");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("t-SNE learningRate = " + learningRate + "; expected > 0");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("t-SNE iterations = " + iterations + "; expected at least 1");
        }
    }

    /**
     * @param seed the run's master seed
     * @return the defaults: 2,000 points, 50 PCA dimensions, perplexity 30, learning rate 200, 1,000 iterations,
     *         progress shown
     */
    public static TsneOptions defaults(long seed) {
        return new TsneOptions(DEFAULT_MAX_POINTS, DEFAULT_PCA_DIMENSIONS, DEFAULT_PERPLEXITY, DEFAULT_LEARNING_RATE,
                DEFAULT_ITERATIONS, seed, true);
    }

    /**
     * @param n points
     * @return a copy with another {@code maxPoints}
     */
    public TsneOptions withMaxPoints(int n) {
        return new TsneOptions(n, pcaDimensions, perplexity, learningRate, iterations, seed, showProgress);
    }

    /**
     * @param p perplexity
     * @return a copy with another perplexity
     */
    public TsneOptions withPerplexity(double p) {
        return new TsneOptions(maxPoints, pcaDimensions, p, learningRate, iterations, seed, showProgress);
    }

    /**
     * @param n iterations
     * @return a copy with another number of iterations
     */
    public TsneOptions withIterations(int n) {
        return new TsneOptions(maxPoints, pcaDimensions, perplexity, learningRate, n, seed, showProgress);
    }

    /**
     * @param show whether to print progress
     * @return a copy
     */
    public TsneOptions withProgress(boolean show) {
        return new TsneOptions(maxPoints, pcaDimensions, perplexity, learningRate, iterations, seed, show);
    }
}
