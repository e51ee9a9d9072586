package org.mnistdynamics.analysis;

import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Equal-width histogram bins shared by several arrays (e.g. one layer's weights at every epoch), so that the
 * histograms of different epochs are directly comparable. Bin {@code i} is {@code [edge_i, edge_{i+1})}; the last
 * bin is closed, {@code [edge_{B-1}, edge_B]}, so the maximum is counted and the counts of an array sum to its
 * length.
 */
public final class SharedBins {

    /** Default number of bins of a weight histogram. */
    public static final int DEFAULT_BIN_COUNT = 60;

    private final double lower;
    private final double upper;
    private final int binCount;

    private SharedBins(double lower, double upper, int binCount) {
        this.lower = lower;
        this.upper = upper;
        this.binCount = binCount;
    }

    /**
     * Bins over a fixed range.
     *
     * @param lower    left edge of the first bin
     * @param upper    right edge of the last bin, {@code > lower}
     * @param binCount number of bins, {@code >= 1}
     * @return the bins
     * @throws IllegalArgumentException if the range is empty or not finite, or {@code binCount < 1}
     */
    public static SharedBins ofRange(double lower, double upper, int binCount) {
        if (!(Double.isFinite(lower) && Double.isFinite(upper) && upper > lower)) {
            throw new IllegalArgumentException("bin range [" + lower + ", " + upper
                    + "] is invalid; expected finite lower < upper");
        }
        if (binCount < 1) {
            throw new IllegalArgumentException("binCount = " + binCount + "; expected at least 1");
        }
        return new SharedBins(lower, upper, binCount);
    }

    /**
     * Bins spanning the minimum and maximum over all given arrays. If all values are equal (e.g. biases at
     * initialisation), the range is widened to {@code [v - 0.5, v + 0.5]}.
     *
     * @param samples  arrays to cover (e.g. one per epoch), each non-empty and finite
     * @param binCount number of bins, {@code >= 1}
     * @return the bins
     * @throws IllegalArgumentException if {@code samples} is empty, an array is empty or holds NaN/infinite values
     */
    public static SharedBins spanning(Collection<double[]> samples, int binCount) {
        if (samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException("no arrays given; expected at least one array of values to bin");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (double[] s : samples) {
            WeightStatistics.checkFinite(s, "samples[" + k++ + "]");
            for (double v : s) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        return ofRange(lo, hi, binCount);
    }

    /**
     * {@link #spanning(Collection, int)} with {@link #DEFAULT_BIN_COUNT} bins.
     *
     * @param samples arrays to cover
     * @return the bins
     */
    public static SharedBins spanning(Collection<double[]> samples) {
        return spanning(samples, DEFAULT_BIN_COUNT);
    }

    /** @return the number of bins {@code B} */
    public int binCount() {
        return binCount;
    }

    /** @return left edge of the first bin */
    public double lower() {
        return lower;
    }

    /** @return right edge of the last bin */
    public double upper() {
        return upper;
    }

    /** @return bin width {@code (upper - lower) / B} */
    public double width() {
        return (upper - lower) / binCount;
    }

    /** @return the {@code B + 1} bin edges, increasing */
    public double[] edges() {
        double[] e = new double[binCount + 1];
        for (int i = 0; i <= binCount; i++) {
            e[i] = lower + i * width();
        }
        e[binCount] = upper; // exact, whatever the rounding of lower + B * width
        return e;
    }

    /** @return the {@code B} bin centres */
    public double[] centers() {
        double[] c = new double[binCount];
        for (int i = 0; i < binCount; i++) {
            c[i] = lower + (i + 0.5) * width();
        }
        return c;
    }

    /**
     * Counts values per bin.
     *
     * @param values values to count, shape {@code [n]}, all within {@code [lower, upper]}
     * @return counts per bin, shape {@code [B]}, summing to {@code n}
     * @throws IllegalArgumentException if a value is NaN, infinite or outside the range (the message names it)
     */
    public long[] counts(double[] values) {
        WeightStatistics.checkFinite(values, "values");
        long[] c = new long[binCount];
        double scale = binCount / (upper - lower);
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v < lower || v > upper) {
                throw new IllegalArgumentException("values[" + i + "] = " + v + " is outside the bin range ["
                        + lower + ", " + upper + "]; build the bins with spanning(...) over all arrays to compare");
            }
            int b = (int) ((v - lower) * scale);
            c[Math.min(b, binCount - 1)]++;
        }
        return c;
    }

    /**
     * Counts per key (e.g. per epoch) with these shared bins.
     *
     * @param valuesByKey values per key
     * @param <K>         key type, e.g. {@code Integer} epoch
     * @return counts per key, shape {@code [B]} each, in key order
     * @throws IllegalArgumentException as {@link #counts(double[])}
     */
    public <K extends Comparable<K>> SortedMap<K, long[]> countsByKey(Map<K, double[]> valuesByKey) {
        SortedMap<K, long[]> out = new TreeMap<>();
        for (Map.Entry<K, double[]> e : valuesByKey.entrySet()) {
            out.put(e.getKey(), counts(e.getValue()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "SharedBins[" + binCount + " bins over [" + lower + ", " + upper + "]]";
    }
}
