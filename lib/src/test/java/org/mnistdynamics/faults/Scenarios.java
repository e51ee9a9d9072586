package org.mnistdynamics.faults;

import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Runs independent fault scenarios side by side (each in its own project, with its own child JVMs) and reports each
 * as its own dynamic test. Most of a scenario's time is JVM and ND4J start-up, so a few at once shorten the suite on
 * 2 cores; {@link #MAX_CHILDREN} bounds the scenarios in flight (and so the memory of their child JVMs).
 */
final class Scenarios {

    /** Scenarios in flight at once. */
    static final int MAX_CHILDREN = 3;

    /** Daemon threads for scenarios and reference runs (they mostly wait for child processes). */
    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-scenario");
        t.setDaemon(true);
        return t;
    });

    private static final Semaphore SLOTS = new Semaphore(MAX_CHILDREN);

    /** A scenario body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private Scenarios() {
    }

    /**
     * Starts all scenarios now (at most {@link #MAX_CHILDREN} at a time) and returns one dynamic test per scenario
     * that waits for it and rethrows its failure.
     *
     * @param scenarios display name to body, in order
     */
    static List<DynamicTest> parallel(Map<String, Body> scenarios) {
        Map<String, CompletableFuture<Void>> started = new LinkedHashMap<>();
        scenarios.forEach((name, body) -> started.put(name, CompletableFuture.runAsync(() -> {
            try {
                SLOTS.acquire();
                try {
                    body.run();
                } finally {
                    SLOTS.release();
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, POOL)));
        List<DynamicTest> tests = new ArrayList<>();
        started.forEach((name, future) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            try {
                future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                throw cause;
            }
        })));
        return tests;
    }
}
