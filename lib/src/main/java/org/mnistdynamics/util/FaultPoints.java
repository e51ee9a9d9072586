package org.mnistdynamics.util;

/**
 * Named points in the run life cycle where fault-injection tests stop the process for real.
 *
 * <p>With the system property {@code mnist.pauseAt=<point>[#<n>]} set, the n-th time (default first) the named
 * point is reached the process prints {@code PAUSED <point>} on standard error and sleeps, so that the test can kill
 * it with SIGKILL at exactly that place. With {@code mnist.failWrite=<file name>[#<n>]}, the n-th atomic write of that
 * file fails like a full disk ({@link AtomicFiles#write}), for machines where a test cannot mount a small file system.
 * A sweep started with {@code mnist.taskPauseAt=<point>[#<n>]} passes it on to the worker processes (local workers
 * or Slurm array tasks) as their {@code mnist.pauseAt}. Without the properties all are no-ops.
 */
public final class FaultPoints {

    private static final String SPEC = System.getProperty("mnist.pauseAt", "");
    private static final String FAIL_WRITE = System.getProperty("mnist.failWrite", "");
    private static final java.util.concurrent.ConcurrentHashMap<String, Integer> HITS = new java.util.concurrent.ConcurrentHashMap<>();

    private FaultPoints() {
    }

    /** @param point name of the point reached, e.g. {@code mid-epoch}, {@code evaluation}, {@code before-rename:metrics.csv} */
    public static void reach(String point) {
        if (!matches(SPEC, point, "pause:")) {
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

    /**
     * Called by {@link AtomicFiles#write} after the content went to the temporary file, before it is forced to disk.
     *
     * @param target the file being written
     * @throws java.io.IOException "No space left on device" if {@code mnist.failWrite} names this write
     */
    static void failWrite(java.nio.file.Path target) throws java.io.IOException {
        if (matches(FAIL_WRITE, target.getFileName().toString(), "fail:")) {
            throw new java.io.IOException("No space left on device (simulated: -Dmnist.failWrite=" + FAIL_WRITE + ")");
        }
    }

    /** @return true if {@code spec} ({@code name[#n]}) names {@code point} and this is its n-th occurrence */
    private static boolean matches(String spec, String point, String counter) {
        if (spec.isEmpty()) {
            return false;
        }
        String name = spec;
        int nth = 1;
        int hash = spec.lastIndexOf('#');
        if (hash > 0) {
            name = spec.substring(0, hash);
            nth = Integer.parseInt(spec.substring(hash + 1));
        }
        return point.equals(name) && HITS.merge(counter + point, 1, Integer::sum) == nth;
    }
}
