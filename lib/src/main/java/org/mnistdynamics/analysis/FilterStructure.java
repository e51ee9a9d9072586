package org.mnistdynamics.analysis;

/**
 * How edge-like convolution kernels are, measured rather than judged by eye: the share of a kernel's energy (sum of
 * squared weights) that lies in the span of the two oriented first-derivative kernels of its size, the horizontal and
 * vertical Sobel operators. A first-derivative (edge) filter of any orientation lies in that span because such filters
 * are steerable (Freeman and Adelson, "The design and use of steerable filters", IEEE TPAMI 13(9), 1991), so its share
 * is 1; a constant (mean-only) kernel, a centre-surround (Laplacian) kernel or any other symmetric kernel has share 0.
 * A kernel with independent, identically distributed Gaussian weights has expected share 2/k² (2 of k² dimensions),
 * 2/9 for 3 × 3, which is the level of the untrained network.
 *
 * <p>The Sobel kernels of size k are the outer product of the binomial smoothing row (1 2 1 for k = 3, 1 4 6 4 1 for
 * k = 5) and the central-difference ramp (-1 0 1, -2 -1 0 1 2); they are orthogonal to each other and to the
 * constant kernel. The mean (DC) share is reported too: 1/k² expected at random, near 0 for a zero-sum filter.
 *
 * @param edgeShare   per kernel, energy share in the Sobel span, in [0, 1]
 * @param meanShare   per kernel, energy share of its mean (DC component), in [0, 1]
 * @param orientation per kernel, orientation in degrees in (-180, 180] of its gradient component
 *                    ({@code atan2(vertical, horizontal)} projections)
 */
public record FilterStructure(double[] edgeShare, double[] meanShare, double[] orientation) {

    /** The share above which a kernel counts as edge-like in the summaries (most of its energy is an edge). */
    public static final double EDGE_LIKE = 0.5;

    /**
     * @param kernels kernels {@code [filters][k][k]} with odd k in 3..7 (e.g. from {@link Activations#firstLayerFilters})
     * @return the shares of each kernel; an all-zero kernel gets NaN shares
     * @throws IllegalArgumentException if the kernels are empty, not square, or of an unsupported size
     */
    public static FilterStructure of(float[][][] kernels) {
        if (kernels == null || kernels.length == 0) {
            throw new IllegalArgumentException("no kernels given");
        }
        int k = kernels[0].length;
        double[][] sx = sobel(k);
        double[] edge = new double[kernels.length];
        double[] mean = new double[kernels.length];
        double[] angle = new double[kernels.length];
        double norm2 = 0;
        for (double[] row : sx) {
            for (double v : row) {
                norm2 += v * v;
            }
        }
        for (int f = 0; f < kernels.length; f++) {
            float[][] w = kernels[f];
            if (w.length != k || w[0].length != k) {
                throw new IllegalArgumentException("kernel " + f + " is " + w.length + " x " + w[0].length
                        + ", expected " + k + " x " + k);
            }
            double gx = 0, gy = 0, sum = 0, energy = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    gx += w[i][j] * sx[i][j];
                    gy += w[i][j] * sx[j][i]; // the vertical kernel is the transpose
                    sum += w[i][j];
                    energy += (double) w[i][j] * w[i][j];
                }
            }
            edge[f] = (gx * gx + gy * gy) / norm2 / energy;
            mean[f] = sum * sum / (k * k) / energy;
            angle[f] = Math.toDegrees(Math.atan2(gy, gx));
        }
        return new FilterStructure(edge, mean, angle);
    }

    /**
     * @param k kernel size, odd, 3..7
     * @return the horizontal Sobel kernel {@code [k][k]}: binomial smoothing down the rows times a central-difference
     *         ramp along the columns
     * @throws IllegalArgumentException for another size
     */
    static double[][] sobel(int k) {
        if (k < 3 || k > 7 || k % 2 == 0) {
            throw new IllegalArgumentException("kernel size " + k + " is not supported (odd, 3 to 7)");
        }
        double[] smooth = new double[k];
        smooth[0] = 1;
        for (int n = 1; n < k; n++) { // row n of Pascal's triangle, in place
            for (int i = n; i > 0; i--) {
                smooth[i] += smooth[i - 1];
            }
        }
        double[][] s = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s[i][j] = smooth[i] * (j - k / 2);
            }
        }
        return s;
    }

    /** @return the expected edge share of a kernel of size k with i.i.d. Gaussian weights: 2 / k² */
    public static double randomExpectation(int k) {
        return 2.0 / (k * k);
    }

    /** @return the median edge share over the kernels (NaN shares excluded) */
    public double medianEdgeShare() {
        return median(edgeShare);
    }

    /** @return the median mean (DC) share over the kernels (NaN shares excluded) */
    public double medianMeanShare() {
        return median(meanShare);
    }

    /** @return the number of kernels whose edge share exceeds {@value #EDGE_LIKE} */
    public int edgeLikeCount() {
        return (int) java.util.Arrays.stream(edgeShare).filter(e -> e > EDGE_LIKE).count();
    }

    /** @return the fraction of kernels whose edge share exceeds {@value #EDGE_LIKE} */
    public double edgeLikeFraction() {
        return (double) edgeLikeCount() / edgeShare.length;
    }

    private static double median(double[] values) {
        double[] v = java.util.Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
