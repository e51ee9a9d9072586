package org.mnistdynamics.analysis;

import smile.stat.distribution.GaussianDistribution;
import smile.stat.hypothesis.KSTest;

/**
 * Summary statistics of one parameter tensor (e.g. the {@code W} of one layer at one epoch), flattened to a 1-D
 * array of {@code n} values. All statistics are unitless ratios except {@code mean}, {@code standardDeviation},
 * {@code min} and {@code max}, which are in the unit of the parameter.
 *
 * <p>Definitions, with central moments {@code m_r = (1/n) Σ (x_i - mean)^r}:
 * <ul>
 *   <li>{@code standardDeviation = sqrt(m2)} (population, divisor {@code n});</li>
 *   <li>{@code skewness g1 = m3 / m2^(3/2)} and {@code excessKurtosis g2 = m4 / m2^2 - 3} (moment estimators);</li>
 *   <li>{@code sampleSkewness G1 = g1 · sqrt(n(n-1)) / (n-2)} and
 *       {@code sampleExcessKurtosis G2 = (n-1) / ((n-2)(n-3)) · ((n+1) g2 + 6)}: the bias-adjusted estimators of
 *       SAS PROC UNIVARIATE and Excel {@code SKEW}/{@code KURT} (Joanes &amp; Gill 1998, "Comparing measures of
 *       sample skewness and kurtosis", The Statistician 47(1));</li>
 *   <li>{@code bimodalityCoefficient = (G1^2 + 1) / (G2 + 3(n-1)^2 / ((n-2)(n-3)))}, Sarle's coefficient as given
 *       in the SAS/STAT User's Guide (PROC CLUSTER) and Pfister et al. 2013, "Good things peak in pairs: a note on
 *       the bimodality coefficient", Frontiers in Psychology 4:700. Values above {@code 5/9 ≈ 0.555} (the value of a
 *       uniform distribution) suggest bimodality; a Gaussian gives {@code 1/3};</li>
 *   <li>{@code ksDistanceToGaussian}: the Kolmogorov–Smirnov statistic {@code sup_x |F_n(x) - Φ((x-mean)/sd)|}
 *       between the empirical CDF and the Gaussian with this sample's mean and standard deviation
 *       (Smile {@link KSTest#test(double[], smile.stat.distribution.Distribution)}). Because the Gaussian is fitted
 *       to the same data, its p-value would need Lilliefors' correction; only the distance is reported.</li>
 * </ul>
 * For a constant array ({@code m2 = 0}, e.g. biases at initialisation) the shape statistics are {@code NaN}.
 * {@code G1} needs {@code n >= 3}, {@code G2} and the bimodality coefficient need {@code n >= 4}; below that they
 * are {@code NaN}.
 *
 * @param count                 number of values {@code n}
 * @param mean                  arithmetic mean
 * @param standardDeviation     population standard deviation {@code sqrt(m2)}
 * @param skewness              moment skewness {@code g1}
 * @param excessKurtosis        moment excess kurtosis {@code g2}
 * @param sampleSkewness        adjusted sample skewness {@code G1}
 * @param sampleExcessKurtosis  adjusted sample excess kurtosis {@code G2}
 * @param bimodalityCoefficient Sarle's bimodality coefficient from {@code G1}, {@code G2}
 * @param ksDistanceToGaussian  KS distance to the fitted Gaussian, in [0, 1]
 * @param min                   smallest value
 * @param max                   largest value
 */
public record WeightStatistics(long count, double mean, double standardDeviation, double skewness,
                               double excessKurtosis, double sampleSkewness, double sampleExcessKurtosis,
                               double bimodalityCoefficient, double ksDistanceToGaussian, double min, double max) {

    /** Bimodality threshold 5/9 of Sarle's coefficient (SAS/STAT User's Guide; Pfister et al. 2013). */
    public static final double BIMODALITY_THRESHOLD = 5.0 / 9.0;

    /**
     * Computes the statistics of a flat array of parameter values.
     *
     * @param values parameter values, shape {@code [n]}, {@code n >= 1}; not modified
     * @return the statistics
     * @throws IllegalArgumentException if {@code values} is null or empty, or holds a NaN or infinite value
     *                                  (the message names its index; diverged training produces those)
     */
    public static WeightStatistics of(double[] values) {
        checkFinite(values, "values");
        int n = values.length;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / n;
        // Second pass on deviations: numerically stable central moments.
        double s2 = 0, s3 = 0, s4 = 0;
        for (double v : values) {
            double d = v - mean;
            double d2 = d * d;
            s2 += d2;
            s3 += d2 * d;
            s4 += d2 * d2;
        }
        double m2 = s2 / n, m3 = s3 / n, m4 = s4 / n;
        double sd = Math.sqrt(m2);
        if (m2 == 0) {
            return new WeightStatistics(n, mean, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, min, max);
        }
        double g1 = m3 / Math.pow(m2, 1.5);
        double g2 = m4 / (m2 * m2) - 3;
        double bigG1 = n >= 3 ? g1 * Math.sqrt((double) n * (n - 1)) / (n - 2) : Double.NaN;
        double bigG2 = Double.NaN;
        double bc = Double.NaN;
        if (n >= 4) {
            double denom = (double) (n - 2) * (n - 3);
            bigG2 = (n - 1) / denom * ((n + 1) * g2 + 6);
            bc = (bigG1 * bigG1 + 1) / (bigG2 + 3.0 * (n - 1) * (n - 1) / denom);
        }
        double ks = KSTest.test(values.clone(), new GaussianDistribution(mean, sd)).d;
        return new WeightStatistics(n, mean, sd, g1, g2, bigG1, bigG2, bc, ks, min, max);
    }

    /**
     * Same as {@link #of(double[])} for single-precision values (DL4J's default parameter type).
     *
     * @param values parameter values, shape {@code [n]}
     * @return the statistics
     * @throws IllegalArgumentException as {@link #of(double[])}
     */
    public static WeightStatistics of(float[] values) {
        return of(toDouble(values));
    }

    /**
     * Euclidean (L2) distance {@code sqrt(Σ (x_i - r_i)^2)} between parameters and a reference, typically the same
     * tensor at initialisation (epoch 0), in the unit of the parameter.
     *
     * @param values    parameter values, shape {@code [n]}
     * @param reference reference values in the same order, shape {@code [n]}
     * @return the distance, {@code >= 0}
     * @throws IllegalArgumentException if the lengths differ or either array is empty or not finite
     */
    public static double l2Distance(double[] values, double[] reference) {
        checkFinite(values, "values");
        checkFinite(reference, "reference");
        if (values.length != reference.length) {
            throw new IllegalArgumentException("values has " + values.length + " elements but reference has "
                    + reference.length + "; both must be the same parameter tensor flattened in the same order");
        }
        double s = 0;
        for (int i = 0; i < values.length; i++) {
            double d = values[i] - reference[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /**
     * Relative distance {@code ||x - r||_2 / ||r||_2} to a reference (unitless).
     *
     * @param values    parameter values, shape {@code [n]}
     * @param reference reference values, shape {@code [n]}
     * @return the relative distance; {@code NaN} if the reference is all zeros (e.g. biases at initialisation)
     * @throws IllegalArgumentException as {@link #l2Distance(double[], double[])}
     */
    public static double relativeL2Distance(double[] values, double[] reference) {
        double d = l2Distance(values, reference);
        double norm = 0;
        for (double r : reference) {
            norm += r * r;
        }
        return norm == 0 ? Double.NaN : d / Math.sqrt(norm);
    }

    static double[] toDouble(float[] values) {
        if (values == null) {
            throw new IllegalArgumentException("values is null; expected a 1-D array of parameter values");
        }
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static void checkFinite(double[] values, String name) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + " is " + (values == null ? "null" : "empty")
                    + "; expected a 1-D array of at least one parameter value");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + values[i]
                        + "; statistics need finite values (did training diverge?)");
            }
        }
    }
}
