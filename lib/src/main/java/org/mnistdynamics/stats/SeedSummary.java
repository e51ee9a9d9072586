package org.mnistdynamics.stats;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * Mean, sample standard deviation and a two-sided 95 % confidence interval of one quantity across n seeds.
 *
 * <p>The interval is Student's t interval, {@code mean ± t(0.975, n − 1) · sd / √n}, with n − 1 degrees of freedom
 * (e.g. t(0.975, 4) = 2.776 for 5 seeds); it treats the seeds as independent draws of the training randomness
 * (initial weights, shuffling, dropout masks). Quantiles come from Apache Commons Math's {@link TDistribution}.
 *
 * @param n         number of values (seeds)
 * @param mean      arithmetic mean, in the values' unit
 * @param sd        sample standard deviation (divisor n − 1); NaN for n = 1
 * @param halfWidth half-width of the 95 % interval; NaN for n = 1 (no interval from one seed)
 */
public record SeedSummary(int n, double mean, double sd, double halfWidth) {

    /** Confidence level of every interval in the paper. */
    public static final double LEVEL = 0.95;

    /**
     * @param values one value per seed, all finite
     * @return their summary
     * @throws IllegalArgumentException if there is no value or a value is not finite (naming its position)
     */
    public static SeedSummary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + (i + 1) + " of " + values.length + " is " + values[i]);
            }
        }
        int n = values.length;
        double mean = Arrays.stream(values).sum() / n;
        if (n == 1) {
            return new SeedSummary(1, mean, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return new SeedSummary(n, mean, sd, tQuantile(n - 1) * sd / Math.sqrt(n));
    }

    /**
     * @param degreesOfFreedom n − 1, at least 1
     * @return the two-sided 95 % quantile t(0.975, df)
     */
    public static double tQuantile(int degreesOfFreedom) {
        return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(0.5 + LEVEL / 2);
    }

    /** @return lower end of the interval (NaN for n = 1) */
    public double lower() {
        return mean - halfWidth;
    }

    /** @return upper end of the interval (NaN for n = 1) */
    public double upper() {
        return mean + halfWidth;
    }

    /** @return true if there is an interval (n ≥ 2) */
    public boolean hasInterval() {
        return n >= 2;
    }
}
