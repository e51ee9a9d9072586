package org.mnistdynamics.analysis;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import smile.feature.extraction.PCA;
import smile.manifold.TSNE;
import org.mnistdynamics.util.Interruption;
import smile.math.MathEx;

import java.util.Arrays;
import java.util.Random;

/**
 * 2-D embeddings of feature rows (e.g. penultimate-layer activations {@code [N, 128]}) with Smile 3.1.1:
 * PCA to {@code pcaDimensions} first, then exact t-SNE ({@link TsneOptions}) or UMAP ({@link UmapOptions}).
 *
 * <p>Both methods embed at most {@code maxPoints} rows: larger inputs are subsampled with
 * {@link #sample(int, int, long)}, so t-SNE and UMAP with the same seed and size embed the same rows. The result
 * records which input rows were embedded ({@link Embedding#indices()}) and their labels.
 *
 * <p>Reproducibility: the subsample uses {@code java.util.Random(seed)}; Smile's random generator is thread-local
 * and is seeded with {@code MathEx.setSeed(seed)} on the calling thread just before the embedding starts.
 */
public final class Embeddings {

    /** Bytes of heap per squared point of Smile's exact t-SNE: three {@code n x n} double matrices. */
    public static final long TSNE_BYTES_PER_POINT_SQUARED = 3 * Double.BYTES;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Embeddings.class);

    /** Iterations between progress updates; each {@code TSNE.update} call also computes the O(n^2) cost once. */
    private static final int PROGRESS_CHUNK = 100;

    private Embeddings() {
    }

    /**
     * t-SNE embedding with the default settings ({@link TsneOptions#defaults(long)}).
     *
     * @param features rows to embed {@code [N, d]}, finite
     * @param labels   class label of each row {@code [N]}, or null
     * @param seed     the run's master seed
     * @return the embedding of at most {@link TsneOptions#DEFAULT_MAX_POINTS} rows
     * @throws IllegalArgumentException if the input is empty, ragged, not finite, or too small for the perplexity
     * @throws IllegalStateException    if the heap is too small (the message names {@code -Xmx})
     */
    public static Embedding tsne(double[][] features, int[] labels, long seed) {
        return tsne(features, labels, TsneOptions.defaults(seed));
    }

    /**
     * t-SNE embedding: subsample to {@code maxPoints}, PCA to {@code pcaDimensions}, then Smile's exact t-SNE.
     *
     * @param features rows to embed {@code [N, d]}, finite
     * @param labels   class label of each row {@code [N]}, or null
     * @param options  settings
     * @return the embedding, {@code [m, 2]} with {@code m = min(N, maxPoints)}
     * @throws IllegalArgumentException if the input is empty, ragged or not finite, labels have the wrong length,
     *                                  {@code m - 1 < 3 * perplexity} (the bound of van der Maaten's bhtsne), or
     *                                  every column is constant ({@link NoVarianceException})
     * @throws IllegalStateException    if the free heap is below {@link #tsneHeapBytes(int)} for {@code m} points;
     *                                  the message names the needed {@code -Xmx}
     * @throws Interruption.InterruptedWorkException if the thread is interrupted (checked between chunks of 100
     *                                  iterations, which run on a helper thread so that the caller stops at once)
     */
    public static Embedding tsne(double[][] features, int[] labels, TsneOptions options) {
        checkFeatures(features, labels);
        long start = System.nanoTime();
        int[] idx = sample(features.length, options.maxPoints(), options.seed());
        int m = idx.length;
        if (m - 1 < 3 * options.perplexity()) {
            throw new IllegalArgumentException("t-SNE with perplexity " + options.perplexity() + " needs at least "
                    + (int) Math.ceil(3 * options.perplexity() + 1) + " points; got " + m
                    + " (lower the perplexity or embed more points)");
        }
        checkHeapForTsne(m);
        double[][] x = Interruption.callInterruptibly("t-SNE of " + m + " points (PCA)",
                () -> reduce(rows(features, idx), options.pcaDimensions()));
        // Smile treats a square input (n == d) as a distance matrix; a zero column keeps all distances unchanged.
        if (x.length == x[0].length) {
            x = appendZeroColumn(x);
        }
        if (options.showProgress()) {
            LOG.info("t-SNE: {} points, {} dimensions, perplexity {}, {} iterations, ~{} MiB heap", m, x[0].length,
                    options.perplexity(), options.iterations(), tsneHeapBytes(m) >> 20);
        }
        double[][] input = x;
        TSNE tsne = Interruption.callInterruptibly("t-SNE of " + m + " points (affinities)", () -> {
            MathEx.setSeed(options.seed()); // Smile's generator is thread-local: seeded where the layout is drawn
            return new TSNE(input, 2, options.perplexity(), options.learningRate(), 0);
        });
        try (ProgressBar bar = options.showProgress() ? progressBar(options.iterations()) : null) {
            for (int done = 0; done < options.iterations(); done += PROGRESS_CHUNK) {
                int step = Math.min(PROGRESS_CHUNK, options.iterations() - done);
                // 100 iterations of 2,000 points take about 2 s: run them so that an interrupt stops at once
                Interruption.callInterruptibly(String.format(java.util.Locale.ROOT,
                        "t-SNE of %d points (iteration %d of %d)", m, done, options.iterations()), () -> {
                    tsne.update(step);
                    return null;
                });
                if (bar != null) {
                    bar.stepBy(step);
                    bar.setExtraMessage(String.format(" KL %.3f", tsne.cost()));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Embedding("t-SNE", idx, tsne.coordinates, pick(labels, idx), options.seed(), seconds, tsne.cost());
    }

    /**
     * UMAP embedding: subsample to {@code maxPoints}, drop constant columns, PCA to {@code pcaDimensions}, then
     * Smile's UMAP with a deterministic spectral initialisation ({@link SeededUmap}): the same input and seed give
     * bit-identical coordinates. Only the largest connected component of the k-NN graph is embedded (Smile's
     * behaviour), so the result may hold fewer points than were sampled ({@link Embedding#sampled()}).
     *
     * @param features rows to embed {@code [N, d]}, finite
     * @param labels   class label of each row {@code [N]}, or null
     * @param options  settings
     * @return the embedding {@code [m', 2]}, {@code m' <= min(N, maxPoints)}
     * @throws IllegalArgumentException if the input is empty, ragged or not finite, labels have the wrong length,
     *                                  there are not more points than {@code neighbors}, or every column is constant
     *                                  ({@link NoVarianceException})
     * @throws IllegalStateException    if the free heap is below {@code 16 n^2} bytes plus 25 % (the message names
     *                                  {@code -Xmx})
     */
    public static Embedding umap(double[][] features, int[] labels, UmapOptions options) {
        checkFeatures(features, labels);
        long start = System.nanoTime();
        int[] idx = sample(features.length, options.maxPoints(), options.seed());
        if (idx.length <= options.neighbors()) {
            throw new IllegalArgumentException("UMAP with " + options.neighbors() + " neighbours needs more than "
                    + options.neighbors() + " points; got " + idx.length);
        }
        checkHeap("UMAP", idx.length, SeededUmap.heapBytes(idx.length));
        double[][] x = Interruption.callInterruptibly("UMAP of " + idx.length + " points (PCA)",
                () -> reduce(rows(features, idx), options.pcaDimensions()));
        SeededUmap.Result umap = SeededUmap.of(x, options.neighbors(), 2, options.epochs(), options.minDist(), options.seed());
        int[] kept = new int[umap.index().length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = idx[umap.index()[i]];
        }
        if (kept.length < idx.length) {
            // Not an error (the kept points are embedded correctly), but a figure of them alone can mislead: the
            // embedding records both counts, and Separation and the figures state them.
            LOG.warn("UMAP: {} of {} points embedded (the largest connected component of the {}-NN graph); "
                    + "the others are left out", kept.length, idx.length, options.neighbors());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Embedding("UMAP", kept, umap.coordinates(), pick(labels, kept), options.seed(), seconds, Double.NaN,
                idx.length);
    }

    /**
     * Projects rows onto their first principal components (Smile {@code PCA.fit}, covariance-based, centred), after
     * dropping constant columns (dead units). Rows with at most {@code dimensions} non-constant columns are returned
     * with those columns only (copied).
     *
     * @param x          rows {@code [n, d]}
     * @param dimensions components kept, {@code >= 1}
     * @return projected rows {@code [n, min(d', dimensions)]}, {@code d'} the non-constant columns
     * @throws IllegalArgumentException if {@code x} is empty, ragged or not finite, or every column is constant
     *                                  ({@link NoVarianceException})
     */
    public static double[][] pca(double[][] x, int dimensions) {
        checkFeatures(x, null);
        if (dimensions < 1) {
            throw new IllegalArgumentException("PCA dimensions = " + dimensions + "; expected at least 1");
        }
        return reduce(x, dimensions);
    }

    /**
     * A seeded random subsample of row indices without replacement (partial Fisher–Yates shuffle).
     *
     * @param n         number of rows
     * @param maxPoints sample size when {@code n > maxPoints}
     * @param seed      seed of {@code java.util.Random}
     * @return increasing row indices: all {@code 0..n-1} when {@code n <= maxPoints}, else {@code maxPoints} of them
     */
    public static int[] sample(int n, int maxPoints, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (n <= maxPoints) {
            return all;
        }
        Random r = new Random(seed);
        for (int i = 0; i < maxPoints; i++) {
            int j = i + r.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, maxPoints);
        Arrays.sort(out);
        return out;
    }

    /**
     * Heap that Smile's exact t-SNE needs for {@code n} points: {@code 24 n^2} bytes (distance, P and Q matrices
     * of doubles), e.g. 96 MB for 2,000 points and 2.4 GB for 10,000.
     *
     * @param n number of points
     * @return bytes
     */
    public static long tsneHeapBytes(int n) {
        return TSNE_BYTES_PER_POINT_SQUARED * n * (long) n;
    }

    /**
     * Checks that the JVM heap can hold a t-SNE of {@code n} points ({@link #tsneHeapBytes(int)} plus 25 % margin)
     * before any of it is allocated.
     *
     * @param n number of points
     * @throws IllegalStateException if it cannot; the message gives the needed and available heap and the
     *                               {@code -Xmx} to use (or to lower {@code maxPoints})
     */
    public static void checkHeapForTsne(int n) {
        checkHeap("t-SNE", n, tsneHeapBytes(n));
    }

    private static void checkHeap(String method, int n, long bytes) {
        long needed = bytes + bytes / 4;
        if (available() < needed) {
            System.gc(); // garbage counts as used until collected; decide on live data only
        }
        long available = available();
        if (available < needed) {
            long suggestGiB = (Runtime.getRuntime().maxMemory() - available + needed + (1L << 30) - 1) >> 30;
            throw new IllegalStateException(String.format(
                    "%s of %d points needs about %d MiB of heap but only %d MiB are available (max heap %d MiB). "
                            + "Start the JVM with a larger heap, e.g. -Xmx%dg, or embed fewer points (maxPoints).",
                    method, n, needed >> 20, available >> 20, Runtime.getRuntime().maxMemory() >> 20, suggestGiB));
        }
    }

    private static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static ProgressBar progressBar(int iterations) {
        return new ProgressBarBuilder().setTaskName("t-SNE").setInitialMax(iterations)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).build();
    }

    /**
     * Drops constant columns (e.g. dead ReLU units, always 0: Smile's PCA fails on them with "Invalid dimension of
     * feature space"), then projects onto the first {@code dimensions} principal components if more columns remain.
     *
     * @throws NoVarianceException if every column is constant
     */
    private static double[][] reduce(double[][] x, int dimensions) {
        x = withoutConstantColumns(x);
        if (x[0].length <= dimensions) {
            double[][] copy = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                copy[i] = x[i].clone();
            }
            return copy;
        }
        return PCA.fit(x).getProjection(dimensions).apply(x);
    }

    /**
     * @param x rows {@code [n, d]}
     * @return the rows without the columns whose values are all equal, {@code [n, d']}, {@code d' >= 1}
     * @throws NoVarianceException if all {@code d} columns are constant
     */
    static double[][] withoutConstantColumns(double[][] x) {
        int d = x[0].length;
        boolean[] varies = new boolean[d];
        int kept = 0;
        for (int j = 0; j < d; j++) {
            for (int i = 1; i < x.length && !varies[j]; i++) {
                varies[j] = x[i][j] != x[0][j];
            }
            kept += varies[j] ? 1 : 0;
        }
        if (kept == d) {
            return x;
        }
        if (kept == 0) {
            throw new NoVarianceException("all " + d + " feature columns are constant over the " + x.length
                    + " rows (e.g. every unit of the layer is dead): there is no variance to embed");
        }
        LOG.info("embedding: {} of {} feature columns are constant (dead units) and left out", d - kept, d);
        double[][] out = new double[x.length][kept];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0, c = 0; j < d; j++) {
                if (varies[j]) {
                    out[i][c++] = x[i][j];
                }
            }
        }
        return out;
    }

    /** The features to embed have no variance at all (every column constant). */
    public static final class NoVarianceException extends IllegalArgumentException {
        /** @param message what has no variance */
        public NoVarianceException(String message) {
            super(message);
        }
    }

    private static double[][] appendZeroColumn(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = Arrays.copyOf(x[i], x[i].length + 1);
        }
        return out;
    }

    private static double[][] rows(double[][] x, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = x[idx[i]];
        }
        return out;
    }

    private static int[] pick(int[] labels, int[] idx) {
        if (labels == null) {
            return null;
        }
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = labels[idx[i]];
        }
        return out;
    }

    static void checkFeatures(double[][] x, int[] labels) {
        if (x == null || x.length == 0 || x[0] == null || x[0].length == 0) {
            throw new IllegalArgumentException("features are null or empty; expected rows [N, d] with N, d >= 1");
        }
        int d = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != d) {
                throw new IllegalArgumentException("features row " + i + " has "
                        + (x[i] == null ? "no values" : x[i].length + " values") + "; row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("features[" + i + "][" + j + "] = " + x[i][j]
                            + "; expected finite values");
                }
            }
        }
        if (labels != null && labels.length != x.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but features has "
                    + x.length + " rows");
        }
    }
}
