package org.mnistdynamics.experiment;

import org.mnistdynamics.data.DatasetFetcher;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.NativeBackend;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.train.Trainer;
import org.mnistdynamics.train.TrainingFailedException;
import org.mnistdynamics.train.TrainingProgress;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs plans and single runs, returning recorded runs when they exist and training them otherwise. The cache of
 * finished runs is the content-hashed run directory in {@code runs/} and, unless {@link #retrain} is set, the
 * committed records ({@link RunRecords}) of the profile; a plan run that completes is added to the records.
 */
public final class Experiments {

    private static final Logger log = LoggerFactory.getLogger(Experiments.class);

    private final ProjectPaths paths;
    private final Profile profile;
    private final CnnSpec.RuntimeOptions runtime;
    private final Map<String, DatasetSplits> datasets = new HashMap<>();
    private final RunRecords records;
    private final boolean retrain;
    private boolean recordedOnly;

    /** Environment variable: when {@code 1}, plans use finished runs only and never train (see {@link #recordedOnly}). */
    public static final String RECORDED_ONLY_ENV = "MNIST_RECORDED_ONLY";

    /**
     * @param paths   project folders
     * @param profile profile for plans
     * @param runtime speed-only network options
     */
    public Experiments(ProjectPaths paths, Profile profile, CnnSpec.RuntimeOptions runtime) {
        this(paths, profile, runtime, false);
    }

    /**
     * @param paths   project folders
     * @param profile profile for plans (its results folder holds the committed records)
     * @param runtime speed-only network options
     * @param retrain true to ignore committed records and train every run that {@code runs/} does not hold
     */
    public Experiments(ProjectPaths paths, Profile profile, CnnSpec.RuntimeOptions runtime, boolean retrain) {
        NativeBackend.configure();
        this.paths = paths;
        this.profile = profile;
        this.runtime = runtime;
        this.records = RunRecords.of(paths, profile);
        this.retrain = retrain;
    }

    /**
     * Makes {@link #reproduce} use finished runs only (in {@code runs/} or recorded): a plan run that is not finished
     * becomes an outcome "not finished yet" instead of being trained. For building the article from a sweep that is
     * still running; the article states how many seeds each number has.
     *
     * @return this
     */
    public Experiments recordedOnly() {
        this.recordedOnly = true;
        return this;
    }

    /** @return true in recorded-only mode (see {@link #recordedOnly()}) */
    public boolean isRecordedOnly() {
        return recordedOnly;
    }

    /** @return the committed records of this profile */
    public RunRecords records() {
        return records;
    }

    /** @return the profile */
    public Profile profile() {
        return profile;
    }

    /** @return the project folders */
    public ProjectPaths paths() {
        return paths;
    }

    /**
     * @param name registered dataset name
     * @return its verified splits (loaded once per process)
     * @throws IOException if no verified copy can be obtained
     */
    public synchronized DatasetSplits dataset(String name) throws IOException {
        DatasetSplits splits = datasets.get(name);
        if (splits == null) {
            splits = new DatasetFetcher(paths.data(), Optional.empty()).load(DatasetRegistry.byName(name));
            datasets.put(name, splits);
        }
        return splits;
    }

    /**
     * @param name plan name, read from {@code experiments/<name>.yaml}
     * @return the plan
     * @throws IOException naming the file if it is missing or invalid
     */
    public ExperimentPlan plan(String name) throws IOException {
        return ExperimentPlan.read(paths.plan(name));
    }

    /**
     * Returns the finished run from {@code runs/} or, failing that and unless retraining, its committed record
     * (without checkpoints); otherwise trains (resumes) it.
     *
     * @param config   the run
     * @param progress progress receiver
     * @return the completed run
     * @throws IOException             on a read/write failure, or naming a damaged record
     * @throws TrainingFailedException if the run diverges
     */
    public RunResult run(RunConfig config, TrainingProgress progress) throws IOException {
        boolean inRuns = RunDirectory.of(paths.runs(), config).status().map(RunStatus::completed).orElse(false);
        if (!inRuns && !retrain) {
            Optional<RunResult> recorded = records.find(config);
            if (recorded.isPresent()) {
                return recorded.get();
            }
        }
        return runWithCheckpoints(config, progress);
    }

    /** @return true if the run is completed in {@code runs/} or (unless retraining) has a committed record */
    public boolean finished(RunConfig config) throws IOException {
        return RunDirectory.of(paths.runs(), config).status().map(RunStatus::completed).orElse(false)
                || !retrain && records.find(config).isPresent();
    }

    /**
     * Like {@link #run}, and adds the completed run to this profile's committed records (a plan's run).
     *
     * @return the completed run
     * @throws IOException             on a read/write failure
     * @throws TrainingFailedException if the run diverges
     */
    public RunResult runAndRecord(RunConfig config, TrainingProgress progress) throws IOException {
        RunResult result = run(config, progress);
        records.save(result);
        return result;
    }

    /**
     * Returns the run from {@code runs/} with its checkpoints, training it there if only its record exists
     * (training is deterministic, so the checkpoints belong to the recorded metrics).
     *
     * @param config   the run
     * @param progress progress receiver
     * @return the completed run, its directory holding every epoch's checkpoint
     * @throws IllegalStateException   in recorded-only mode, if the run's checkpoints are not in the runs folder
     * @throws IOException             on a read/write failure
     * @throws TrainingFailedException if the run diverges
     */
    public RunResult runWithCheckpoints(RunConfig config, TrainingProgress progress) throws IOException {
        if (recordedOnly && !RunDirectory.of(paths.runs(), config).status().map(RunStatus::completed).orElse(false)) {
            throw new IllegalStateException("run " + config.runId() + " has no checkpoints in " + paths.runs()
                    + " (only its record), and recorded-only mode never trains; point " + ProjectPaths.RUNS_ENV
                    + " at the runs folder that holds it, or leave recorded-only mode to train it again (deterministic)");
        }
        Trainer trainer = new Trainer(dataset(config.dataset()), runtime, profile.id(), paths.root(), progress);
        try {
            return trainer.run(config, RunDirectory.of(paths.runs(), config));
        } finally {
            releaseMemory();
        }
    }

    /**
     * Runs every run of a plan under this profile; a run that fails (e.g. diverges) is reported and the others go on.
     *
     * @param plan     the plan
     * @param progress progress receiver
     * @return per-run outcomes
     * @throws IOException on a read/write failure (the plan can be re-run and resumes)
     */
    public PlanResult reproduce(ExperimentPlan plan, TrainingProgress progress) throws IOException {
        List<PlanResult.Outcome> outcomes = new ArrayList<>();
        List<ExperimentPlan.ResolvedRun> runs = plan.resolve(profile);
        for (int i = 0; i < runs.size(); i++) {
            ExperimentPlan.ResolvedRun r = runs.get(i);
            log.info("Plan {} ({} profile): run {}/{} '{}' = {}", plan.name(), profile.id(), i + 1, runs.size(),
                    r.label(), r.config().runId());
            try {
                if (recordedOnly && !finished(r.config())) {
                    outcomes.add(new PlanResult.Outcome(r.label(), r.seed(), r.config().runId(), Optional.empty(),
                            Optional.of("not finished yet (recorded-only mode)")));
                    continue;
                }
                outcomes.add(new PlanResult.Outcome(r.label(), r.seed(), r.config().runId(),
                        Optional.of(runAndRecord(r.config(), progress)), Optional.empty()));
            } catch (TrainingFailedException e) {
                log.error("Run '{}' failed: {}", r.label(), e.getMessage());
                outcomes.add(new PlanResult.Outcome(r.label(), r.seed(), r.config().runId(), Optional.empty(),
                        Optional.of(e.getMessage())));
            }
        }
        return new PlanResult(plan, profile, outcomes);
    }

    /** Frees the workspaces of a finished run so that a sweep in one process keeps its memory flat (shared case 08). */
    private static void releaseMemory() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        System.gc();
    }
}
