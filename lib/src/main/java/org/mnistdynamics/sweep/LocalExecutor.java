package org.mnistdynamics.sweep;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sweep on this machine: {@link WorkerLayout#workers()} worker slots, each running one task at a time as its
 * own JVM ({@link TaskCommand}) with {@link WorkerLayout#threads()} threads. One progress bar covers the whole
 * sweep (epochs of all tasks, with an ETA); a line says which run each worker starts and how it ended. Interrupting
 * the sweep (Ctrl-C) stops the workers; their runs resume from the last checkpoint on the next sweep.
 */
public final class LocalExecutor implements SweepExecutor {

    /** How often the progress display reads the runs' status files, milliseconds. */
    private static final long POLL_MILLIS = 2_000;

    private final TaskCommand command;
    private final WorkerLayout layout;
    private final PrintStream out;
    private final List<Process> live = new ArrayList<>();

    /**
     * @param command how a task runs
     * @param layout  workers x threads
     * @param out     where progress and per-task lines go
     */
    public LocalExecutor(TaskCommand command, WorkerLayout layout, PrintStream out) {
        this.command = command;
        this.layout = layout;
        this.out = out;
    }

    @Override
    public List<TaskOutcome> run(List<SweepTask> tasks) throws IOException, InterruptedException {
        Files.createDirectories(command.folder());
        long totalEpochs = tasks.stream().mapToLong(t -> t.config().epochs()).sum();
        ConcurrentHashMap<SweepTask, Integer> active = new ConcurrentHashMap<>();
        ConcurrentHashMap<SweepTask, Integer> slots = new ConcurrentHashMap<>();
        long[] doneEpochs = {0};
        Thread stopper = new Thread(this::destroyAll, "sweep-stop-workers");
        Runtime.getRuntime().addShutdownHook(stopper);
        ExecutorService pool = Executors.newFixedThreadPool(layout.workers());
        java.util.concurrent.BlockingQueue<Integer> freeSlots = new java.util.concurrent.LinkedBlockingQueue<>();
        for (int i = 1; i <= layout.workers(); i++) {
            freeSlots.add(i);
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("sweep " + layout).setInitialMax(totalEpochs)
                .setUnit(" epochs", 1).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out, System.console() != null ? -1 : 160))
                .build()) {
            List<Future<TaskOutcome>> futures = new ArrayList<>();
            for (SweepTask task : tasks) {
                futures.add(pool.submit(() -> {
                    int slot = freeSlots.take();
                    try {
                        slots.put(task, slot);
                        active.put(task, 0);
                        TaskOutcome outcome = runOne(task, slot);
                        synchronized (doneEpochs) {
                            doneEpochs[0] += task.config().epochs();
                        }
                        org.mnistdynamics.util.FaultPoints.reach("between-runs"); // before this slot takes another run
                        return outcome;
                    } finally {
                        active.remove(task);
                        freeSlots.add(slot);
                    }
                }));
            }
            pool.shutdown();
            while (!pool.awaitTermination(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                long running = 0;
                StringBuilder who = new StringBuilder();
                for (SweepTask t : active.keySet()) {
                    int epochs = command.status(t).map(s -> s.epochsCompleted()).orElse(0);
                    running += epochs;
                    who.append(String.format(Locale.ROOT, " [w%d %s s%d e%d/%d]", slots.getOrDefault(t, 0), t.label(),
                            t.config().seed(), epochs, t.config().epochs()));
                }
                synchronized (doneEpochs) {
                    bar.stepTo(doneEpochs[0] + running);
                }
                bar.setExtraMessage(who.toString());
            }
            synchronized (doneEpochs) {
                bar.stepTo(doneEpochs[0]);
            }
            List<TaskOutcome> outcomes = new ArrayList<>();
            for (Future<TaskOutcome> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("sweep worker failed: " + e.getCause(), e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            destroyAll();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }

    private TaskOutcome runOne(SweepTask task, int slot) throws IOException, InterruptedException {
        command.writeConfig(task);
        List<String> cmd = new ArrayList<>(TaskCommand.javaProgram());
        cmd.addAll(command.arguments(task));
        // Appended, not truncated: a second sweep on the same run (which waits on the run lock) adds to the same log.
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(command.logFile(task).toFile()));
        pb.environment().putAll(TaskCommand.threadEnvironment(layout.threads()));
        // Pinned threads only for a single worker with all cores: side by side, each would pin to the first core.
        org.mnistdynamics.train.TrainingThreads.PINNED_ENVIRONMENT.keySet().forEach(pb.environment()::remove);
        if (layout.workers() == 1 && layout.threads() == Runtime.getRuntime().availableProcessors()) {
            pb.environment().putAll(org.mnistdynamics.train.TrainingThreads.PINNED_ENVIRONMENT);
        }
        pb.environment().put(TaskCommand.PARENT_ENV, String.valueOf(ProcessHandle.current().pid()));
        synchronized (out) {
            out.printf(Locale.ROOT, "%n[w%d] start %s (%s), log %s%n", slot, task.describe(), task.runId(), command.logFile(task));
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        synchronized (live) {
            live.add(p);
        }
        int code;
        try {
            code = p.waitFor();
        } finally {
            synchronized (live) {
                live.remove(p);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        TaskOutcome outcome = code == 0 ? new TaskOutcome(task, "completed", "", seconds)
                : new TaskOutcome(task, "failed", "exit code " + code + ": " + tail(command, task), seconds);
        synchronized (out) {
            out.printf(Locale.ROOT, "%n[w%d] %s %s after %.0f s%s%n", slot, outcome.state(), task.describe(), seconds,
                    outcome.ok() ? "" : " - " + outcome.message());
        }
        return outcome;
    }

    /** @return the last error line of a task's log (the CLI prints "error: ..." last), or its last line */
    static String tail(TaskCommand command, SweepTask task) {
        try {
            List<String> lines = Files.readAllLines(command.logFile(task));
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("error:") || lines.get(i).contains("Exception")) {
                    return lines.get(i).strip();
                }
            }
            return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void destroyAll() {
        synchronized (live) {
            live.forEach(Process::destroy);
        }
    }
}
