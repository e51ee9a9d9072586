package org.mnistdynamics.analysis;

import org.mnistdynamics.stats.PowerLawFit;
import smile.math.matrix.Matrix;

import java.util.Arrays;

/**
 * The singular-value spectrum of one layer's weight matrix, for Martin &amp; Mahoney's heavy-tailed
 * self-regularisation analysis (C. H. Martin &amp; M. W. Mahoney 2021, "Implicit self-regularization in deep neural
 * networks", JMLR 22(165)). Singular values come from Smile's SVD (LAPACK {@code gesdd} through OpenBLAS).
 *
 * <p>Weights are arranged as a matrix {@code W} of {@code rows x cols}: a dense layer's DL4J weights {@code [nIn, nOut]}
 * as they are; a convolution's {@code [out, in, kH, kW]} reshaped to {@code out x (in·kH·kW)}. With
 * {@code N = max(rows, cols)} and {@code M = min(rows, cols)}:
 * <ul>
 *   <li>{@code sigmaMax}: the largest singular value (spectral norm);</li>
 *   <li>{@code stableRank = ||W||²_F / σ²_max = Σσ² / σ²_max}, in [1, M];</li>
 *   <li>{@code tail}: a power law fitted by {@link PowerLawFit} to the eigenvalues {@code λ = σ² / N} of the
 *       correlation matrix {@code WᵀW / N} (Martin &amp; Mahoney's empirical spectral density); NaN when fewer than
 *       {@link PowerLawFit#MIN_TAIL} eigenvalues exist;</li>
 *   <li>{@code mpEdge}: the Marchenko-Pastur bulk edge of the singular values of an {@code N x M} matrix of i.i.d.
 *       entries with standard deviation {@code s}: {@code s (√N + √M)} (Marchenko &amp; Pastur 1967; the largest
 *       singular value of such a matrix converges to it). Given {@code s} = the layer's weight standard deviation at
 *       initialisation, {@code spikes} counts the singular values above that edge.</li>
 * </ul>
 *
 * @param rows        rows of the matrix
 * @param cols        columns
 * @param singular    singular values, descending ({@code M} of them)
 * @param sigmaMax    the largest
 * @param stableRank  {@code Σσ² / σ²_max}
 * @param tail        power-law fit of the eigenvalues {@code σ² / N}
 * @param mpEdge      Marchenko-Pastur edge {@code s (√N + √M)} for the given {@code s}
 * @param spikes      singular values above {@code mpEdge}
 */
public record WeightSpectrum(int rows, int cols, double[] singular, double sigmaMax, double stableRank,
                             PowerLawFit tail, double mpEdge, int spikes) {

    /**
     * @param weights the values of a weight tensor in DL4J's order (row-major over {@code shape})
     * @param shape   its shape: {@code [nIn, nOut]} (dense) or {@code [out, in, kH, kW]} (convolution)
     * @param initStd standard deviation of the layer's weights at initialisation (for the Marchenko-Pastur edge)
     * @return the spectrum of the {@code shape[0] x (product of the rest)} matrix
     * @throws IllegalArgumentException if the shape has fewer than 2 dimensions or does not match the values
     */
    public static WeightSpectrum of(double[] weights, long[] shape, double initStd) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("weight shape " + Arrays.toString(shape) + " has fewer than 2 dimensions");
        }
        int rows = (int) shape[0];
        long cols = 1;
        for (int i = 1; i < shape.length; i++) {
            cols *= shape[i];
        }
        if ((long) rows * cols != weights.length) {
            throw new IllegalArgumentException("weight shape " + Arrays.toString(shape) + " holds " + rows * cols
                    + " values; got " + weights.length);
        }
        double[][] w = new double[rows][(int) cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(weights, (int) (r * cols), w[r], 0, (int) cols);
        }
        return of(w, initStd);
    }

    /**
     * @param w       the matrix {@code [rows][cols]}
     * @param initStd entry standard deviation at initialisation ({@code NaN}: no edge, no spikes)
     * @return its spectrum
     */
    public static WeightSpectrum of(double[][] w, double initStd) {
        int rows = w.length;
        int cols = w[0].length;
        double[] s = Matrix.of(w).svd(false, true).s.clone();
        Arrays.sort(s);
        for (int i = 0; i < s.length / 2; i++) {
            double t = s[i];
            s[i] = s[s.length - 1 - i];
            s[s.length - 1 - i] = t;
        }
        int big = Math.max(rows, cols);
        int small = Math.min(rows, cols);
        double sumSq = 0;
        double[] eig = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            sumSq += s[i] * s[i];
            eig[i] = s[i] * s[i] / big;
        }
        double max = s[0];
        double edge = initStd * (Math.sqrt(big) + Math.sqrt(small));
        int spikes = 0;
        for (double v : s) {
            if (v > edge) {
                spikes++;
            }
        }
        return new WeightSpectrum(rows, cols, s, max, max == 0 ? Double.NaN : sumSq / (max * max), PowerLawFit.fit(eig),
                edge, spikes);
    }
}
