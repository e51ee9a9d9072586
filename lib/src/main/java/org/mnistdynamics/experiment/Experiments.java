package org.mnistdynamics.experiment;

import org.mnistdynamics.data.DatasetFetcher;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.NativeBackend;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
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
 * Runs plans and single runs, returning recorded runs when they exist (the cache of finished runs is the
 * content-hashed run directory) and training them otherwise.
 */
public final class Experiments {

    private static final Logger log = LoggerFactory.getLogger(Experiments.class);

    private final ProjectPaths paths;
    private final Profile profile;
    private final CnnSpec.RuntimeOptions runtime;
    private final Map<String, DatasetSplits> datasets = new HashMap<>();

    /**
     * @param paths   project folders
     * @param profile profile for plans
     * @param runtime speed-only network options
     */
    public Experiments(ProjectPaths paths, Profile profile, CnnSpec.RuntimeOptions runtime) {
        NativeBackend.configure();
        this.paths = paths;
        this.profile = profile;
        this.runtime = runtime;
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
     * Returns the recorded run, or trains (resumes) it.
     *
     * @param config   the run
     * @param progress progress receiver
     * @return the completed run
     * @throws IOException             on a read/write failure
     * @throws TrainingFailedException if the run diverges
     */
    public RunResult run(RunConfig config, TrainingProgress progress) throws IOException {
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
                outcomes.add(new PlanResult.Outcome(r.label(), r.config().runId(), Optional.of(run(r.config(), progress)),
                        Optional.empty()));
            } catch (TrainingFailedException e) {
                log.error("Run '{}' failed: {}", r.label(), e.getMessage());
                outcomes.add(new PlanResult.Outcome(r.label(), r.config().runId(), Optional.empty(), Optional.of(e.getMessage())));
            }
            org.mnistdynamics.util.FaultPoints.reach("between-runs");
        }
        return new PlanResult(plan, profile, outcomes);
    }

    /** Frees the workspaces of a finished run so that a sweep in one process keeps its memory flat (shared case 08). */
    private static void releaseMemory() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        System.gc();
    }
}
