package org.mnistdynamics.stats;

import java.util.Arrays;

/**
 * Maximum-likelihood fit of a continuous power-law tail {@code p(x) ∝ x^(-alpha)} for {@code x >= xmin}, with
 * {@code xmin} chosen to minimise the Kolmogorov-Smirnov distance between the tail and the fitted law (Clauset,
 * Shalizi &amp; Newman 2009, "Power-law distributions in empirical data", SIAM Review 51, eq. 3.1 and section 3.3; the
 * estimator of the {@code powerlaw} package and of Martin &amp; Mahoney's WeightWatcher).
 *
 * <pre>
 *   alpha(xmin) = 1 + m / Σ_{x_i >= xmin} ln(x_i / xmin)       (m = number of x_i >= xmin)
 *   KS(xmin)    = max_{x >= xmin} |S(x) - (1 - (x / xmin)^(1 - alpha))|   (S: empirical CDF of the tail)
 * </pre>
 *
 * @param alpha  the exponent (NaN if the sample is too small)
 * @param xmin   the chosen lower bound of the tail
 * @param tail   number of values {@code >= xmin}
 * @param ks     KS distance of the fit
 */
public record PowerLawFit(double alpha, double xmin, int tail, double ks) {

    /** Fewest tail values a fit may use (a tail of fewer points gives no usable exponent). */
    public static final int MIN_TAIL = 10;

    /**
     * @param values positive values, e.g. the eigenvalues {@code σ²/N} of a weight matrix (not modified)
     * @return the fit with the KS-optimal {@code xmin} among the values (each candidate leaving at least
     *         {@link #MIN_TAIL} values in the tail); all NaN with {@code tail = n} if fewer than {@link #MIN_TAIL}
     *         positive values are given
     * @throws IllegalArgumentException if a value is not finite
     */
    public static PowerLawFit fit(double[] values) {
        double[] x = Arrays.stream(values).peek(v -> {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("power-law fit needs finite values; got " + v);
            }
        }).filter(v -> v > 0).sorted().toArray();
        int n = x.length;
        if (n < MIN_TAIL) {
            return new PowerLawFit(Double.NaN, Double.NaN, n, Double.NaN);
        }
        PowerLawFit best = null;
        for (int start = 0; start <= n - MIN_TAIL; start++) {
            if (start > 0 && x[start] == x[start - 1]) {
                continue;
            }
            double xmin = x[start];
            double alpha = alpha(x, start);
            if (!Double.isFinite(alpha)) {
                continue;
            }
            int m = n - start;
            double ks = 0;
            for (int i = start; i < n; i++) {
                double model = 1 - Math.pow(x[i] / xmin, 1 - alpha);
                ks = Math.max(ks, Math.max(Math.abs((double) (i - start + 1) / m - model), Math.abs((double) (i - start) / m - model)));
            }
            if (best == null || ks < best.ks) {
                best = new PowerLawFit(alpha, xmin, m, ks);
            }
        }
        return best == null ? new PowerLawFit(Double.NaN, Double.NaN, n, Double.NaN) : best;
    }

    /**
     * @param values positive values
     * @param xmin   the tail's lower bound
     * @return the maximum-likelihood exponent {@code 1 + m / Σ ln(x_i / xmin)} over the values {@code >= xmin}
     * @throws IllegalArgumentException if {@code xmin <= 0} or no value is {@code >= xmin}
     */
    public static double alphaAt(double[] values, double xmin) {
        if (!(xmin > 0)) {
            throw new IllegalArgumentException("xmin = " + xmin + "; expected > 0");
        }
        double[] x = Arrays.stream(values).sorted().toArray();
        int start = 0;
        while (start < x.length && x[start] < xmin) {
            start++;
        }
        if (start == x.length) {
            throw new IllegalArgumentException("no value is >= xmin = " + xmin);
        }
        int m = x.length - start;
        double logs = 0;
        for (int i = start; i < x.length; i++) {
            logs += Math.log(x[i] / xmin);
        }
        return 1 + m / logs;
    }

    private static double alpha(double[] sorted, int start) {
        double xmin = sorted[start];
        double logs = 0;
        for (int i = start; i < sorted.length; i++) {
            logs += Math.log(sorted[i] / xmin);
        }
        return 1 + (sorted.length - start) / logs;
    }
}
