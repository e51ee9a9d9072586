package org.mnistdynamics.sweep;

/**
 * How a local sweep uses the machine: {@code workers} processes with {@code threads} ND4J/OpenMP/BLAS threads each.
 *
 * <p>Default: one single-threaded worker per core, limited by memory (a full run peaks at about 2.3 GB resident,
 * README "Memory"; 3 GiB are planned per worker). On this project's 2-core machine two single-threaded processes side
 * by side gave 1.4x the total images/s of one two-threaded run ({@code results/bench.csv}, README "Speed"), and
 * {@code results/bench-sweep.csv} measures the split for whole sweeps.
 *
 * @param workers worker processes, 1 .. 256
 * @param threads threads per worker, 1 .. 256
 */
public record WorkerLayout(int workers, int threads) {

    /** Planned resident memory per worker, bytes (a full run's measured peak, 2.3 GB, with room). */
    public static final long MEMORY_PER_WORKER = 3L << 30;

    /** @throws IllegalArgumentException naming the field and its allowed range */
    public WorkerLayout {
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("--workers = " + workers + " is outside the allowed range 1..256");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads = " + threads + " is outside the allowed range 1..256");
        }
    }

    /**
     * @param cores        available cores
     * @param memoryBytes  physical memory
     * @param workers      requested workers, or null for the default
     * @param threads      threads per worker (the runs' thread count), or null for 1
     * @return the layout: by default as many workers as the cores hold at {@code threads} each (at most one per
     *         {@link #MEMORY_PER_WORKER} of memory)
     */
    public static WorkerLayout choose(int cores, long memoryBytes, Integer workers, Integer threads) {
        int t = threads != null ? threads : 1;
        int w = workers != null ? workers : (int) Math.max(1, Math.min(cores / Math.max(1, t), memoryBytes / MEMORY_PER_WORKER));
        return new WorkerLayout(w, t);
    }

    /** @return the layout for this machine with the given overrides */
    public static WorkerLayout forThisMachine(Integer workers, Integer threads) {
        long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        return choose(Runtime.getRuntime().availableProcessors(), memory, workers, threads);
    }

    @Override
    public String toString() {
        return workers + " x " + threads + (threads == 1 ? " thread" : " threads");
    }
}
