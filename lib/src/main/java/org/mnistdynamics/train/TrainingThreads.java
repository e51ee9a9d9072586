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
