package org.mnistdynamics.stats;

/**
 * A claim's verdict from a 95 % confidence interval of a difference (paired by seed): the claim "the difference is
 * positive" (or negative) <em>holds</em> if the interval excludes 0 on the claimed side, is <em>contradicted</em> if
 * it excludes 0 on the other side, and is <em>not resolved</em> at n seeds if it contains 0 (or if n = 1, which gives
 * no interval). This is the two-sided 5 % test of a zero difference, read in the claim's direction.
 */
public enum Verdict {
    /** The interval lies on the claimed side of 0. */
    HOLDS,
    /** The interval lies on the other side of 0. */
    CONTRADICTED,
    /** The interval contains 0, or there is no interval. */
    NOT_RESOLVED;

    /**
     * @param difference      summary of the paired differences
     * @param claimedPositive true if the claim is a positive difference
     * @return the verdict
     */
    public static Verdict of(SeedSummary difference, boolean claimedPositive) {
        if (!difference.hasInterval() || difference.lower() <= 0 && difference.upper() >= 0) {
            return NOT_RESOLVED;
        }
        boolean positive = difference.lower() > 0;
        return positive == claimedPositive ? HOLDS : CONTRADICTED;
    }

    /**
     * @param n number of paired seeds
     * @return the verdict as the article writes it: "holds", "is contradicted", "is not resolved at 5 seeds"
     */
    public String phrase(int n) {
        return switch (this) {
            case HOLDS -> "holds";
            case CONTRADICTED -> "is contradicted";
            case NOT_RESOLVED -> "is not resolved at " + n + (n == 1 ? " seed" : " seeds");
        };
    }
}
