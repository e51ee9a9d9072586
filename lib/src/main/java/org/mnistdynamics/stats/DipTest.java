package org.mnistdynamics.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Hartigan's dip test of unimodality (J. A. Hartigan &amp; P. M. Hartigan 1985, "The dip test of unimodality", Annals
 * of Statistics 13, 70-84). The dip is the largest distance between the empirical distribution function and the
 * closest unimodal distribution function; it is at least {@code 1/(2n)} and at most {@code 1/4}.
 *
 * <p>The statistic follows the algorithm of P. M. Hartigan (1985), "Algorithm AS 217: Computation of the dip
 * statistic to test for unimodality", Applied Statistics 34, 320-325, with the corrections of the R package
 * {@code diptest} (M. Maechler, version 0.77: F. Mechler's 2002 fix and the minimum {@code 1/(2n)} for tied or tiny
 * samples, {@code min.is.0 = FALSE}). No maintained Java implementation is published on Maven Central, so it is
 * implemented here and tested against values of {@code diptest}'s own tests ({@code DipTestTest}).
 *
 * <p>The p-value is the one of {@code diptest::dip.test(x, simulate.p.value = TRUE, B)}: the share of {@code B}
 * samples of the same size from the uniform distribution (Hartigan's least favourable unimodal null) whose dip is
 * at least the observed one, drawn from a seeded generator so that it is reproducible.
 */
public final class DipTest {

    /** Monte-Carlo samples for the p-value unless told otherwise (R's {@code dip.test} default is 2,000). */
    public static final int DEFAULT_SAMPLES = 2000;

    private DipTest() {
    }

    /**
     * @param dip     the dip statistic, in [1/(2n), 1/4]
     * @param pValue  Monte-Carlo p-value against the uniform null (NaN if not computed)
     * @param n       sample size
     * @param samples uniform samples drawn for the p-value (0 if not computed)
     */
    public record Result(double dip, double pValue, int n, int samples) {
    }

    /**
     * @param values  a sample (not modified), at least 1 finite value
     * @param samples uniform samples for the p-value, at least 1
     * @param seed    seed of the uniform samples
     * @return the dip with its p-value; cost about {@code samples} times that of {@link #dip} ({@code O(n log n)} each)
     * @throws IllegalArgumentException on an empty sample, a non-finite value or {@code samples < 1}
     */
    public static Result test(double[] values, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("dip test: samples = " + samples + "; expected at least 1");
        }
        double d = dip(values);
        int n = values.length;
        SplittableRandom random = new SplittableRandom(seed);
        int atLeast = 0;
        double[] u = new double[n];
        for (int b = 0; b < samples; b++) {
            for (int i = 0; i < n; i++) {
                u[i] = random.nextDouble();
            }
            if (dip(u) >= d) {
                atLeast++;
            }
        }
        return new Result(d, (double) atLeast / samples, n, samples);
    }

    /**
     * The dip statistic.
     *
     * @param values a sample (not modified), at least 1 finite value
     * @return the dip, in [1/(2n), 1/4]
     * @throws IllegalArgumentException on an empty sample or a non-finite value
     */
    public static double dip(double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("dip test needs at least one value; got none");
        }
        double[] sorted = values.clone();
        for (double v : sorted) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("dip test needs finite values; got " + v);
            }
        }
        Arrays.sort(sorted);
        int n = sorted.length;
        // 1-based arrays as in AS 217: x[1..n]
        double[] x = new double[n + 1];
        System.arraycopy(sorted, 0, x, 1, n);
        int low = 1;
        int high = n;
        double dip = 1.0; // in units of 1/n; halved and scaled at the end (min.is.0 = FALSE)
        if (n < 2 || x[n] == x[1]) {
            return dip / (2.0 * n);
        }
        // Greatest convex minorant: mn[j] is the previous vertex of the GCM of x[1..j].
        int[] mn = new int[n + 1];
        mn[1] = 1;
        for (int j = 2; j <= n; j++) {
            mn[j] = j - 1;
            while (true) {
                int mnj = mn[j];
                int mnmnj = mn[mnj];
                if (mnj == 1 || (x[j] - x[mnj]) * (mnj - mnmnj) < (x[mnj] - x[mnmnj]) * (j - mnj)) {
                    break;
                }
                mn[j] = mnmnj;
            }
        }
        // Least concave majorant: mj[k] is the next vertex of the LCM of x[k..n].
        int[] mj = new int[n + 1];
        mj[n] = n;
        for (int k = n - 1; k >= 1; k--) {
            mj[k] = k + 1;
            while (true) {
                int mjk = mj[k];
                int mjmjk = mj[mjk];
                if (mjk == n || (x[k] - x[mjk]) * (mjk - mjmjk) < (x[mjk] - x[mjmjk]) * (k - mjk)) {
                    break;
                }
                mj[k] = mjmjk;
            }
        }
        int[] gcm = new int[n + 1];
        int[] lcm = new int[n + 1];
        while (true) {
            // vertices of the GCM on [low, high], from high down to low
            gcm[1] = high;
            int i = 1;
            while (gcm[i] > low) {
                gcm[i + 1] = mn[gcm[i]];
                i++;
            }
            int lGcm = i;
            int ig = lGcm;
            int ix = ig - 1;
            // vertices of the LCM on [low, high], from low up to high
            lcm[1] = low;
            i = 1;
            while (lcm[i] < high) {
                lcm[i + 1] = mj[lcm[i]];
                i++;
            }
            int lLcm = i;
            int ih = lLcm;
            int iv = 2;
            double d = 0;
            if (lGcm != 2 || lLcm != 2) {
                do {
                    int gcmix = gcm[ix];
                    int lcmiv = lcm[iv];
                    if (gcmix > lcmiv) {
                        // the next LCM vertex comes before the next GCM vertex: distance of the LCM vertex to the GCM
                        int gcmi1 = gcm[ix + 1];
                        double dx = (lcmiv - gcmi1 + 1) - (x[lcmiv] - x[gcmi1]) * (gcmix - gcmi1) / (x[gcmix] - x[gcmi1]);
                        iv++;
                        if (dx >= d) {
                            d = dx;
                            ig = ix + 1;
                            ih = iv - 1;
                        }
                    } else {
                        // distance of the GCM vertex to the LCM
                        int lcmiv1 = lcm[iv - 1];
                        double dx = (x[gcmix] - x[lcmiv1]) * (lcmiv - lcmiv1) / (x[lcmiv] - x[lcmiv1]) - (gcmix - lcmiv1 - 1);
                        ix--;
                        if (dx >= d) {
                            d = dx;
                            ig = ix + 1;
                            ih = iv;
                        }
                    }
                    if (ix < 1) {
                        ix = 1;
                    }
                    if (iv > lLcm) {
                        iv = lLcm;
                    }
                } while (gcm[ix] != lcm[iv]);
            } else {
                d = 1.0;
            }
            if (d < dip) {
                break;
            }
            // the dip of the GCM on [low, gcm[ig]] and of the LCM on [lcm[ih], high]
            double dipL = 0;
            for (int j = ig; j < lGcm; j++) {
                double maxT = 1;
                int jb = gcm[j + 1];
                int je = gcm[j];
                if (je - jb > 1 && x[je] != x[jb]) {
                    double c = (je - jb) / (x[je] - x[jb]);
                    for (int jj = jb; jj <= je; jj++) {
                        double t = (jj - jb + 1) - (x[jj] - x[jb]) * c;
                        if (maxT < t) {
                            maxT = t;
                        }
                    }
                }
                if (dipL < maxT) {
                    dipL = maxT;
                }
            }
            double dipU = 0;
            for (int j = ih; j < lLcm; j++) {
                double maxT = 1;
                int jb = lcm[j];
                int je = lcm[j + 1];
                if (je - jb > 1 && x[je] != x[jb]) {
                    double c = (je - jb) / (x[je] - x[jb]);
                    for (int jj = jb; jj <= je; jj++) {
                        double t = (x[jj] - x[jb]) * c - (jj - jb - 1);
                        if (maxT < t) {
                            maxT = t;
                        }
                    }
                }
                if (dipU < maxT) {
                    dipU = maxT;
                }
            }
            double dipNew = Math.max(dipL, dipU);
            if (dip < dipNew) {
                dip = dipNew;
            }
            if (low == gcm[ig] && high == lcm[ih]) {
                break;
            }
            low = gcm[ig];
            high = lcm[ih];
        }
        return dip / (2.0 * n);
    }
}
