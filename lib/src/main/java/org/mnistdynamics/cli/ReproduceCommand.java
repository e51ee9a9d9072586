package org.mnistdynamics.cli;

import org.mnistdynamics.cli.options.CommonOptions;
import org.mnistdynamics.experiment.ExperimentPlan;
import org.mnistdynamics.experiment.Experiments;
import org.mnistdynamics.experiment.PlanResult;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.experiment.ResultsWriter;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.sweep.LocalExecutor;
import org.mnistdynamics.sweep.Sweep;
import org.mnistdynamics.sweep.SweepTask;
import org.mnistdynamics.sweep.TaskCommand;
import org.mnistdynamics.sweep.WorkerLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code reproduce}: runs plans under a profile and writes their summaries. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Run experiment plans (experiments/<plan>.yaml) under a profile; finished runs are reused.")
final class ReproduceCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--plan", split = ",", defaultValue = "optimizers",
            description = "Plans to run, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> plans;

    @Option(names = "--profile", description = "smoke, quick or full (default: $MNIST_PROFILE, else full).")
    String profile;

    @Option(names = "--dataset", description = "Override the plans' dataset (mnist, fashion-mnist).")
    String dataset;

    @Option(names = "--workers", description = "Worker processes (default: one per core, within memory).")
    Integer workers;

    @Option(names = "--threads", description = "Threads per run (part of a run's numbers, so other run ids; default: the plans', 1).")
    Integer threads;

    @Option(names = "--retrain", description = "Train even runs that have a committed record.")
    boolean retrain;

    @Override
    public Integer call() throws Exception {
        Profile p = Profile.fromFlagOrEnvironment(profile);
        // Every plan is read and resolved before the first run: a bad value in the last plan stops the command
        // before anything trains.
        List<ExperimentPlan> read = SweepCommand.readPlans(common.paths(), plans, dataset, threads, p);
        // Training: the sweep machinery (one process per run, local workers); then the summaries, from the runs.
        TaskCommand command = new TaskCommand(common.paths(), p, retrain);
        Sweep.run(SweepTask.expand(read, p), command,
                new LocalExecutor(command, WorkerLayout.forThisMachine(workers, read.get(0).threads()), System.err), System.out);
        Experiments experiments = new Experiments(common.paths(), p, CnnSpec.RuntimeOptions.DEFAULT, retrain);
        int failed = 0;
        for (ExperimentPlan plan : read) {
            long t0 = System.nanoTime();
            PlanResult result = experiments.reproduce(plan, new ProgressBars(System.err));
            Path csv = ResultsWriter.write(result, experiments.paths().results(p));
            System.out.printf(Locale.ROOT, "%nPlan %s (%s profile, %s), %.1f min; metrics in %s%n", plan.name(), p.id(),
                    plan.dataset(), (System.nanoTime() - t0) / 6e10, csv);
            for (PlanResult.Outcome o : result.runs()) {
                if (o.result().isPresent()) {
                    var r = o.result().get();
                    System.out.printf(Locale.ROOT, "  %-22s seed %-4d %-22s validation %.4f  test %.4f%n", o.label(), o.seed(), o.runId(),
                            r.finalValue("validation", "accuracy"), r.finalValue("test", "accuracy"));
                } else {
                    failed++;
                    System.out.printf(Locale.ROOT, "  %-22s seed %-4d %-22s FAILED: %s%n", o.label(), o.seed(), o.runId(), o.error().orElse(""));
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
