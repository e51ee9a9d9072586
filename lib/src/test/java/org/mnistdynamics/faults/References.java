package org.mnistdynamics.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Uninterrupted reference runs, trained once per test JVM in child processes and shared by all fault tests: the
 * tiny single run ({@link FaultProject#TINY_RUN}) and the tiny plan. They start in the background on first request.
 */
final class References {

    private static CompletableFuture<FaultProject> single;
    private static CompletableFuture<FaultProject> plan;
    private static Path root;

    private References() {
    }

    /** @return the project holding the completed uninterrupted tiny single run */
    static FaultProject single() throws Exception {
        return await(startSingle());
    }

    /** @return the project holding the completed uninterrupted tiny plan (two runs) */
    static FaultProject plan() throws Exception {
        return await(startPlan());
    }

    /** Starts the single reference run in the background if it has not been started. */
    static synchronized CompletableFuture<FaultProject> startSingle() {
        if (single == null) {
            single = CompletableFuture.supplyAsync(() -> train("single", true), Scenarios.POOL);
        }
        return single;
    }

    /** Starts the plan reference in the background if it has not been started. */
    static synchronized CompletableFuture<FaultProject> startPlan() {
        if (plan == null) {
            plan = CompletableFuture.supplyAsync(() -> train("plan", false), Scenarios.POOL);
        }
        return plan;
    }

    private static FaultProject train(String name, boolean singleRun) {
        try {
            FaultProject project = FaultProject.create(root().resolve(name), false);
            ChildCli.Launch launch = singleRun ? project.train("reference") : project.reproduce("reference");
            launch.start().awaitSuccess();
            return project;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("faults-reference-");
            Path r = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FaultProject.deleteTree(r)));
        }
        return root;
    }

    private static FaultProject await(CompletableFuture<FaultProject> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
