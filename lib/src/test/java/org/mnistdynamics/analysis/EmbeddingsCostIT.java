package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures Smile's exact t-SNE cost (time, peak heap) at 1,000, 2,000, 3,000 and 5,000 points with the default settings
 * (PCA to 50, perplexity 30, 1,000 iterations) on 128-D inputs shaped like penultimate activations. Not part of the
 * default test run (the name ends in IT); run it with
 * {@code mvn -o -pl lib test -Dtest=EmbeddingsCostIT -Dsurefire.failIfNoSpecifiedTests=false}.
 * The numbers are quoted in {@link TsneOptions}.
 */
class EmbeddingsCostIT {

    @Test
    void measureTsneCost() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.println("points  iterations  seconds  peak_heap_MiB  estimate_MiB");
        // Warm-up: JIT-compile Smile's loops so the first measurement is not inflated.
        int[] warmLabels = new int[500];
        Embeddings.tsne(EmbeddingsTest.clusters(500, 128, 10, warmLabels, 0, 5), warmLabels,
                TsneOptions.defaults(1).withIterations(200).withProgress(false));
        for (int n : new int[] {1000, 2000, 3000, 5000}) {
            int[] labels = new int[n];
            double[][] x = EmbeddingsTest.clusters(n, 128, 10, labels, n, 5);
            System.gc();
            long base = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(base);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            Embedding e = Embeddings.tsne(x, labels, TsneOptions.defaults(1).withMaxPoints(n).withProgress(false));
            running.set(false);
            sampler.join();
            long peakMiB = (peak.get() - base) >> 20;
            System.out.printf("%6d  %10d  %7.1f  %13d  %12d%n", n, TsneOptions.DEFAULT_ITERATIONS, e.seconds(),
                    peakMiB, Embeddings.tsneHeapBytes(n) >> 20);
            assertTrue(Separation.knnAccuracy(e.coordinates(), e.labels(), 5) > 0.8);
        }
    }
}
