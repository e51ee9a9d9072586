package org.mnistdynamics.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Sets the number of threads this process computes with, at run time: libnd4j's own thread pool, OpenMP (which the
 * oneDNN layer helpers use) and the BLAS library. A run trained this way in a process started with more threads
 * gives bit-identical numbers to one started with {@code OMP_NUM_THREADS} set to the same count (measured on a
 * 2-epoch run: every metric equal), so a run's thread count can be part of its configuration.
 */
public final class TrainingThreads {

    /**
     * OpenMP variables that pin a process's threads to cores and let idle threads spin: {@code OMP_PROC_BIND=true},
     * {@code OMP_PLACES=cores}, {@code OMP_WAIT_POLICY=ACTIVE}. They are read when the OpenMP runtime starts, so only
     * a launcher can set them ({@code bin/mnist-dynamics} does, for a process that uses all cores). They change where
     * threads run and wait, not what they compute (same kernels, threads and partitioning: bit-identical metrics,
     * checked on a 2-epoch run). Measured: 1,434 against 1,263 training images/s on 2 cores
     * ({@code results/bench-pytorch.csv}). Never for processes side by side: each would pin its first thread to the
     * first core ({@code sweep} workers run without them).
     */
    public static final java.util.Map<String, String> PINNED_ENVIRONMENT = java.util.Map.of("OMP_PROC_BIND", "true",
            "OMP_PLACES", "cores", "OMP_WAIT_POLICY", "ACTIVE");

    private TrainingThreads() {
    }

    /**
     * @param threads 1 .. 256
     * @throws IllegalArgumentException outside that range
     */
    public static void apply(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads = " + threads + " is outside the allowed range 1..256");
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** @return the OpenMP thread count now in force */
    public static int current() {
        Nd4j.getEnvironment(); // loads the backend: NativeOpsHolder fails if it is touched first
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }
}
