package org.mnistdynamics.util;

/**
 * Named points in the run life cycle where fault-injection tests stop the process for real.
 *
 * <p>With the system property {@code mnist.pauseAt=<point>[#<n>]} set, the n-th time (default first) the named
 * point is reached the process prints {@code PAUSED <point>} on standard error and sleeps, so that the test can kill
 * it with SIGKILL at exactly that place. Without the property this is a no-op.
 */
public final class FaultPoints {

    private static final String SPEC = System.getProperty("mnist.pauseAt", "");
    private static final java.util.concurrent.ConcurrentHashMap<String, Integer> HITS = new java.util.concurrent.ConcurrentHashMap<>();

    private FaultPoints() {
    }

    /** @param point name of the point reached, e.g. {@code mid-epoch}, {@code evaluation}, {@code before-rename:metrics.csv} */
    public static void reach(String point) {
        if (SPEC.isEmpty()) {
            return;
        }
        String name = SPEC;
        int nth = 1;
        int hash = SPEC.lastIndexOf('#');
        if (hash > 0) {
            name = SPEC.substring(0, hash);
            nth = Integer.parseInt(SPEC.substring(hash + 1));
        }
        if (!point.equals(name) || HITS.merge(point, 1, Integer::sum) != nth) {
            return;
        }
        System.err.println("PAUSED " + point);
        System.err.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
