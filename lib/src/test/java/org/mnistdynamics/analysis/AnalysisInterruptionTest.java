package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.util.Interruption;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An interrupted analysis stops within a second (issue 14, point 1): before, an interrupted t-SNE or UMAP cell ran
 * to completion in the background. Injected: {@code Thread.interrupt()} on a thread running a 2,000-point t-SNE
 * (about 20 s in all) and on one running a 5,000-point UMAP (a few seconds), each once the thread is inside the method
 * (its stack shows the method's frame) and a further 200 ms on: a fixed delay from the thread's start raced with an
 * idle machine finishing the work first.
 */
class AnalysisInterruptionTest {

    /** Waits until {@code t}'s stack shows {@code frameClass}.{@code frameMethod}; fails after 30 s. */
    private static void awaitFrame(Thread t, String frameClass, String frameMethod, AtomicReference<Throwable> outcome)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && t.isAlive()) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().endsWith(frameClass) && e.getMethodName().equals(frameMethod)) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        fail("the work never entered " + frameClass + "." + frameMethod + "; it ended with " + outcome.get());
    }

    private static double stopSeconds(Runnable work, String frameClass, String frameMethod,
                                      AtomicReference<Throwable> outcome) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "analysis-cell");
        t.start();
        awaitFrame(t, frameClass, frameMethod, outcome);
        Thread.sleep(200);
        assertTrue(t.isAlive(), "the work must still be running when interrupted; it ended with " + outcome.get());
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
        double s = stopSeconds(() -> Embeddings.tsne(x, labels, TsneOptions.defaults(1).withProgress(false)),
                "Embeddings", "tsne", outcome);
        System.out.printf("t-SNE of 2,000 points stopped %.3f s after the interrupt%n", s);
        assertTrue(s < 1.0, "stopped after " + s + " s");
        assertInstanceOf(Interruption.InterruptedWorkException.class, outcome.get());
        assertTrue(outcome.get().getMessage().startsWith("t-SNE of 2000 points ("), outcome.get().getMessage());
    }

    @Test
    void interruptedUmapStopsWithinASecond() throws Exception {
        // 5,000 points (the default caps UMAP at 2,000, which an idle machine embeds in about a second).
        int[] labels = new int[5000];
        double[][] x = EmbeddingsTest.clusters(5000, 60, 10, labels, 9);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        double s = stopSeconds(() -> Embeddings.umap(x, labels, UmapOptions.defaults(1).withMaxPoints(5000)),
                "SeededUmap", "of", outcome);
        System.out.printf("UMAP of 5,000 points stopped %.3f s after the interrupt%n", s);
        assertTrue(s < 1.0, "stopped after " + s + " s");
        assertInstanceOf(Interruption.InterruptedWorkException.class, outcome.get(), String.valueOf(outcome.get()));
        assertTrue(outcome.get().getMessage().startsWith("UMAP of "), outcome.get().getMessage());
    }
}
