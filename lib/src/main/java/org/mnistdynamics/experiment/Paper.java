package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.RunAnalysis;
import org.mnistdynamics.analysis.TsneOptions;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.NativeBackend;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.TrainingProgress;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The one object a notebook needs: the project's experiments under the profile chosen outside the notebook
 * ({@code MNIST_PROFILE}, default {@code full}). Every method returns recorded results when they exist and computes
 * them otherwise, so notebooks hold no training loops.
 *
 * <pre>{@code
 * var paper = Paper.open();
 * var optimizers = paper.plan("optimizers");          // trains or returns the four runs
 * var adam = paper.analysis("optimizers", "Adam");     // weight statistics, embeddings, ...
 * }</pre>
 */
public final class Paper {

    /** Label of the run whose dynamics the paper analyses in depth. */
    public static final String ANALYSED_RUN = "Adam";

    private final Experiments experiments;
    private final Map<String, PlanResult> plans = new HashMap<>();

    private Paper(Experiments experiments) {
        this.experiments = experiments;
    }

    /**
     * Configures headless AWT and the ND4J native build, finds the project, reads the profile (and
     * {@value Experiments#RECORDED_ONLY_ENV}: {@code 1} to use finished runs only).
     *
     * @return the paper
     * @throws IllegalStateException    if the project root cannot be found
     * @throws IllegalArgumentException if {@code MNIST_PROFILE} holds an unknown name
     */
    public static Paper open() {
        System.setProperty("java.awt.headless", "true");
        NativeBackend.configure();
        Experiments experiments = new Experiments(ProjectPaths.locate(), Profile.fromEnvironment(Profile.FULL),
                CnnSpec.RuntimeOptions.DEFAULT);
        return new Paper("1".equals(System.getenv(Experiments.RECORDED_ONLY_ENV)) ? experiments.recordedOnly() : experiments);
    }

    /**
     * @param experiments experiments with their profile
     * @return a paper over them (for the command line, where the profile is a flag)
     */
    public static Paper of(Experiments experiments) {
        return new Paper(experiments);
    }

    /** @return the profile in use */
    public Profile profile() {
        return experiments.profile();
    }

    /** @return the experiments (for single runs) */
    public Experiments experiments() {
        return experiments;
    }

    /** @return verified MNIST splits */
    public DatasetSplits mnist() throws IOException {
        return experiments.dataset("mnist");
    }

    /**
     * @param name plan name ({@code experiments/<name>.yaml})
     * @return its runs, trained now if they are not recorded yet
     */
    public synchronized PlanResult plan(String name) throws IOException {
        PlanResult result = plans.get(name);
        if (result == null) {
            result = experiments.reproduce(experiments.plan(name), TrainingProgress.NONE);
            plans.put(name, result);
        }
        return result;
    }

    /**
     * @param plan  plan name
     * @param label run label
     * @return the run's training-dynamics analysis (computed once, cached in the run directory)
     */
    public RunAnalysis analysis(String plan, String label) throws IOException {
        // The analyses read checkpoints: a run known only from its committed record is trained again (deterministic).
        RunResult run = experiments.runWithCheckpoints(plan(plan).run(label).config(), TrainingProgress.NONE);
        return new RunAnalysis(run, experiments.dataset(run.config().dataset()), embeddingPoints());
    }

    /** @return test images embedded with t-SNE/UMAP: 2,000 (see TsneOptions) capped by the profile's evaluation images */
    public int embeddingPoints() {
        return Math.min(TsneOptions.DEFAULT_MAX_POINTS, experiments.profile().evalImages());
    }
}
