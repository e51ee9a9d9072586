package org.mnistdynamics.cli;

import org.mnistdynamics.cli.options.CommonOptions;
import org.mnistdynamics.experiment.ExperimentPlan;
import org.mnistdynamics.experiment.ProjectPaths;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.sweep.LocalExecutor;
import org.mnistdynamics.sweep.SlurmCommands;
import org.mnistdynamics.sweep.SlurmExecutor;
import org.mnistdynamics.sweep.SlurmResources;
import org.mnistdynamics.sweep.Sweep;
import org.mnistdynamics.sweep.SweepExecutor;
import org.mnistdynamics.sweep.SweepTask;
import org.mnistdynamics.sweep.TaskCommand;
import org.mnistdynamics.sweep.TaskOutcome;
import org.mnistdynamics.sweep.WorkerLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sweep}: expands plans into runs (configurations x seeds) and runs each in its own JVM. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run plans' runs (configurations x seeds), each in its own process: local workers or a Slurm job array.")
final class SweepCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--plan", split = ",", required = true, description = "Plans, comma-separated (experiments/<plan>.yaml).")
    List<String> plans;

    @Option(names = "--profile", description = "smoke, quick or full (default: $MNIST_PROFILE, else full).")
    String profile;

    @Option(names = "--dataset", description = "Override the plans' dataset (mnist, fashion-mnist).")
    String dataset;

    @Option(names = "--executor", defaultValue = "local", description = "local or slurm (default: ${DEFAULT-VALUE}).")
    String executor;

    @Option(names = "--workers", description = "Local worker processes (default: one per core, within memory); with "
            + "--executor slurm: array tasks running at once, the %%M of --array=0-K%%M (default: all).")
    Integer workers;

    @Option(names = "--partition", description = "Slurm: partition (default: the cluster's default partition).")
    String partition;

    @Option(names = "--cpus-per-task", description = "Slurm: CPUs per array task (default: the runs' threads).")
    Integer cpusPerTask;

    @Option(names = "--mem", description = "Slurm: memory per array task, sbatch syntax, e.g. 3G or 2500M (default: "
            + SlurmResources.DEFAULT_MEMORY + ", a full run's measured 2.3 GB peak with room).")
    String memory;

    @Option(names = "--time", description = "Slurm: time limit per array task, sbatch syntax, e.g. 2:00:00 or 1-12 (default: "
            + SlurmResources.DEFAULT_TIME + ", twice the slowest measured full run).")
    String time;

    @Option(names = "--poll-seconds", defaultValue = "5", description = "Slurm: seconds between squeue polls (default: ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Option(names = "--threads", description = "Threads per run (part of a run's numbers, so other run ids; default: the plans', 1).")
    Integer threads;

    @Option(names = "--retrain", description = "Train even runs that have a committed record.")
    boolean retrain;

    @Option(names = "--seeds", split = ",", description = "Only these of the plans' seeds, comma-separated "
            + "(default: all the profile's seeds), e.g. to finish a sweep seed by seed without editing a plan.")
    List<Long> seeds;

    @Override
    public Integer call() throws Exception {
        Profile p = Profile.fromFlagOrEnvironment(profile);
        ProjectPaths paths = common.paths();
        List<ExperimentPlan> read = readPlans(paths, plans, dataset, threads, p);
        TaskCommand command = new TaskCommand(paths, p, retrain);
        SweepExecutor chosen = switch (executor) {
            case "local" -> {
                rejectSlurmFlags();
                yield new LocalExecutor(command, WorkerLayout.forThisMachine(workers, read.get(0).threads()), System.err);
            }
            case "slurm" -> {
                if (workers != null && workers < 1) {
                    throw new IllegalArgumentException("--workers = " + workers + " (array tasks at once) must be at least 1");
                }
                if (!(pollSeconds >= 0.1 && pollSeconds <= 3600)) {
                    throw new IllegalArgumentException("--poll-seconds = " + pollSeconds + " is outside the allowed range 0.1..3600");
                }
                SlurmExecutor slurm = new SlurmExecutor(command, SlurmResources.of(partition, cpusPerTask, memory, time, workers,
                        read.get(0).threads()), SlurmCommands.fromEnvironment(), System.err, Math.round(pollSeconds * 1000));
                slurm.check(); // before anything is submitted, even when every run turns out to be finished
                yield slurm;
            }
            default -> throw new IllegalArgumentException("--executor = '" + executor + "' is not one of [local, slurm]");
        };
        List<SweepTask> tasks = SweepTask.expand(read, p);
        if (seeds != null) {
            tasks = SweepTask.onlySeeds(tasks, seeds);
        }
        List<TaskOutcome> outcomes = Sweep.run(tasks, command, chosen, System.out);
        return outcomes.stream().allMatch(TaskOutcome::ok) ? 0 : 1;
    }

    /** @throws IllegalArgumentException if a Slurm-only flag is given with the local executor */
    private void rejectSlurmFlags() {
        List<String> given = new ArrayList<>();
        if (partition != null) {
            given.add("--partition");
        }
        if (cpusPerTask != null) {
            given.add("--cpus-per-task");
        }
        if (memory != null) {
            given.add("--mem");
        }
        if (time != null) {
            given.add("--time");
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", given) + " only apply to --executor slurm");
        }
    }

    /**
     * Reads and resolves every plan before anything runs, so that a bad value in the last plan stops the command
     * before the first run.
     */
    static List<ExperimentPlan> readPlans(ProjectPaths paths, List<String> names, String dataset, Integer threads,
                                          Profile profile)
            throws java.io.IOException {
        List<ExperimentPlan> out = new ArrayList<>();
        for (String name : names) {
            ExperimentPlan plan = ExperimentPlan.read(paths.plan(name));
            if (dataset != null) {
                plan = plan.onDataset(dataset);
            }
            if (threads != null) {
                plan = plan.withThreads(threads);
            }
            plan.resolve(profile);
            out.add(plan);
        }
        return out;
    }
}
