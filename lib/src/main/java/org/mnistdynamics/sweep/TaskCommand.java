package org.mnistdynamics.sweep;

import org.mnistdynamics.experiment.ProjectPaths;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.experiment.RunRecords;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.Json;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one sweep task runs in its own process: the library's {@code train --config <file> --profile <p>} against the
 * shared runs folder ({@code runs/} or {@code MNIST_RUNS_DIR}), which trains (or resumes, or returns) the run and adds
 * its record to the profile's results. Local workers and Slurm array tasks use the same command.
 *
 * @param paths   project folders
 * @param profile profile whose results receive the records
 * @param retrain true to ignore committed records
 */
public record TaskCommand(ProjectPaths paths, Profile profile, boolean retrain) {

    /** Names of fault-injection properties (see {@link org.mnistdynamics.util.FaultPoints}). */
    static final class FaultPointsProperty {
        /** System property of a sweep whose value becomes the workers' {@code mnist.pauseAt}. */
        static final String TASK_PAUSE = "mnist.taskPauseAt";

        private FaultPointsProperty() {
        }
    }

    /** Environment variables that set a process's thread count for ND4J (OpenMP) and the BLAS libraries. */
    public static final List<String> THREAD_VARIABLES = List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS");

    /** @return {@code runs/sweep/}: task configurations and logs */
    public Path folder() {
        return paths.runs().resolve("sweep");
    }

    /** @return the task's configuration file, {@code runs/sweep/<run-id>.json} */
    public Path configFile(SweepTask task) {
        return folder().resolve(task.runId() + ".json");
    }

    /** @return the task's log (its process's standard output and error), {@code runs/sweep/<run-id>.log} */
    public Path logFile(SweepTask task) {
        return folder().resolve(task.runId() + ".log");
    }

    /** Writes the task's configuration file. */
    public void writeConfig(SweepTask task) throws IOException {
        AtomicFiles.write(configFile(task), Json.pretty(task.config()));
    }

    /** @return the arguments after the program: {@code train --config F --profile P --project-dir R [--retrain]} */
    public List<String> arguments(SweepTask task) {
        List<String> args = new ArrayList<>(List.of("train", "--config", configFile(task).toString(), "--profile",
                profile.id(), "--project-dir", paths.root().toString()));
        if (retrain) {
            args.add("--retrain");
        }
        return args;
    }

    /**
     * @return this JVM's java binary, its {@code -X}/{@code -D} options (heap and off-heap limits) and class path, and
     *         the library's main class: the program part of a worker's command line
     */
    public static List<String> javaProgram() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // Fault-injection pause points belong to the process they were set for (tests pause the sweep itself).
            if ((arg.startsWith("-X") || arg.startsWith("-D")) && !arg.startsWith("-Djava.class.path")
                    && !arg.startsWith("-Dmnist.pauseAt") && !arg.startsWith("-Dmnist.taskPauseAt")) {
                cmd.add(arg);
            }
        }
        // Tests pause the workers instead with -Dmnist.taskPauseAt=<point> (FaultPoints), passed on as mnist.pauseAt.
        String taskPause = System.getProperty(FaultPointsProperty.TASK_PAUSE, "");
        if (!taskPause.isBlank()) {
            cmd.add("-Dmnist.pauseAt=" + taskPause);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.mnistdynamics.cli.Main");
        return cmd;
    }

    /**
     * Environment variable naming the sweep process that started a worker: the worker stops when that process is
     * gone (even after a SIGKILL, which runs no shutdown hook), so a killed sweep leaves no orphan training; its runs
     * resume from their checkpoints.
     */
    public static final String PARENT_ENV = "MNIST_SWEEP_PARENT_PID";

    /**
     * Called by a worker: if {@value #PARENT_ENV} names a process, halts this JVM (like a kill: checkpoints stay
     * valid) within a second of that process ending.
     */
    public static void exitWithParent() {
        String pid = System.getenv(PARENT_ENV);
        if (pid == null || pid.isBlank()) {
            return;
        }
        java.util.Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(pid.strip()));
        Thread watchdog = new Thread(() -> {
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("error: the sweep process " + pid + " that started this run is gone; stopping "
                    + "(the run resumes from its last checkpoint)");
            Runtime.getRuntime().halt(4);
        }, "sweep-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** @return the thread variables set to {@code threads} */
    public static Map<String, String> threadEnvironment(int threads) {
        Map<String, String> env = new LinkedHashMap<>();
        THREAD_VARIABLES.forEach(v -> env.put(v, String.valueOf(threads)));
        return env;
    }

    /**
     * @param task a task
     * @return true if the run is completed in the runs folder, or (unless retraining) has a committed record
     * @throws IOException naming a damaged record
     */
    public boolean finished(SweepTask task) throws IOException {
        boolean inRuns = RunDirectory.of(paths.runs(), task.config()).status().map(RunStatus::completed).orElse(false);
        return inRuns || (!retrain && RunRecords.of(paths, profile).find(task.config()).isPresent());
    }

    /** @return the run's recorded status in the runs folder, if any */
    public java.util.Optional<RunStatus> status(SweepTask task) throws IOException {
        return RunDirectory.of(paths.runs(), task.config()).status();
    }
}
