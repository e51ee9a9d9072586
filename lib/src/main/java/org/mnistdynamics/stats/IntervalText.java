package org.mnistdynamics.stats;

import java.util.Locale;

/** How the paper writes a mean with its confidence interval. */
public final class IntervalText {

    private IntervalText() {
    }

    /**
     * @param s        a summary
     * @param scale    factor applied to mean and half-width (100 for fractions shown in percent)
     * @param decimals decimals shown
     * @return {@code "mean ± half-width"}, or the mean alone when there is no interval (n = 1)
     */
    public static String meanInterval(SeedSummary s, double scale, int decimals) {
        String mean = fixed(s.mean() * scale, decimals);
        return s.hasInterval() ? mean + " ± " + fixed(s.halfWidth() * scale, decimals) : mean;
    }

    /**
     * @param s        a summary
     * @param scale    factor applied to both ends
     * @param decimals decimals shown
     * @return {@code "[lower, upper]"}, or {@code "no interval (1 seed)"}
     */
    public static String interval(SeedSummary s, double scale, int decimals) {
        return s.hasInterval() ? "[" + fixed(s.lower() * scale, decimals) + ", " + fixed(s.upper() * scale, decimals) + "]"
                : "no interval (1 seed)";
    }

    /** @return {@code value} with {@code decimals} decimals, without the minus sign of a value that rounds to zero */
    public static String fixed(double value, int decimals) {
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return text.matches("-0\\.?0*") ? text.substring(1) : text;
    }
}
