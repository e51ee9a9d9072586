package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.util.Interruption;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An interrupted analysis stops within a second (issue 14, point 1): before, an interrupted t-SNE or UMAP cell ran
 * to completion in the background. Injected: {@code Thread.interrupt()} on a thread running a 2,000-point t-SNE
 * (about 20 s in all) two seconds in, and on one running a 5,000-point UMAP one second in.
 */
class AnalysisInterruptionTest {

    private static double stopSeconds(Runnable work, long interruptAfterMs, AtomicReference<Throwable> outcome)
            throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "analysis-cell");
        t.start();
        Thread.sleep(interruptAfterMs);
        assertTrue(t.isAlive(), "the work must still be running when interrupted");
        long t0 = System.nanoTime();
        t.interrupt();
        t.join(30_000);
        assertFalse(t.isAlive());
        return (System.nanoTime() - t0) / 1e9;
    }

    @Test
    void interruptedTsneStopsWithinASecond() throws Exception {
        int[] labels = new int[2000];
        double[][] x = EmbeddingsTest.clusters(2000, 60, 10, labels, 8);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        double s = stopSeconds(() -> Embeddings.tsne(x, labels, TsneOptions.defaults(1).withProgress(false)), 2000, outcome);
        System.out.printf("t-SNE of 2,000 points stopped %.3f s after the interrupt%n", s);
        assertTrue(s < 1.0, "stopped after " + s + " s");
        assertInstanceOf(Interruption.InterruptedWorkException.class, outcome.get());
        assertTrue(outcome.get().getMessage().startsWith("t-SNE of 2000 points ("), outcome.get().getMessage());
    }

    @Test
    void interruptedUmapStopsWithinASecond() throws Exception {
        // 5,000 points: 2,000 could finish within the second on an idle machine, and then nothing is interrupted.
        int[] labels = new int[5000];
        double[][] x = EmbeddingsTest.clusters(5000, 60, 10, labels, 9);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        double s = stopSeconds(() -> Embeddings.umap(x, labels, UmapOptions.defaults(1)), 1000, outcome);
        System.out.printf("UMAP of 5,000 points stopped %.3f s after the interrupt%n", s);
        assertTrue(s < 1.0, "stopped after " + s + " s");
        assertInstanceOf(Interruption.InterruptedWorkException.class, outcome.get(), String.valueOf(outcome.get()));
        assertTrue(outcome.get().getMessage().startsWith("UMAP of "), outcome.get().getMessage());
    }
}
