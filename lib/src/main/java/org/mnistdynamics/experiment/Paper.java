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
 * var fashion = paper.results("fashion-mnist");       // both plans and the Adam analysis on Fashion-MNIST
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
     * @param name registered dataset name ({@code mnist}, {@code fashion-mnist})
     * @return its verified splits
     * @throws IOException if no verified copy can be obtained
     */
    public DatasetSplits dataset(String name) throws IOException {
        return experiments.dataset(name);
    }

    /**
     * @param name plan name ({@code experiments/<name>.yaml})
     * @return its runs on the plan's own dataset (MNIST), trained now if they are not recorded yet
     */
    public PlanResult plan(String name) throws IOException {
        return plan(name, experiments.plan(name).dataset());
    }

    /**
     * @param name    plan name ({@code experiments/<name>.yaml})
     * @param dataset registered dataset name: the same plan (configurations, seeds, epochs) on this dataset
     * @return its runs, trained now if they are not recorded yet (never in recorded-only mode)
     */
    public synchronized PlanResult plan(String name, String dataset) throws IOException {
        String key = name + "@" + dataset;
        PlanResult result = plans.get(key);
        if (result == null) {
            result = experiments.reproduce(experiments.plan(name).onDataset(dataset), TrainingProgress.NONE);
            plans.put(key, result);
        }
        return result;
    }

    /**
     * @param plan  plan name
     * @param label run label
     * @return the run's training-dynamics analysis on the plan's own dataset (computed once, cached in the run directory)
     */
    public RunAnalysis analysis(String plan, String label) throws IOException {
        return analysis(plan, label, experiments.plan(plan).dataset());
    }

    /**
     * @param plan    plan name
     * @param label   run label
     * @param dataset registered dataset name
     * @return the run's training-dynamics analysis (computed once, cached in the run directory)
     * @throws IllegalStateException in recorded-only mode, if the run's checkpoints are not in the runs folder
     */
    public RunAnalysis analysis(String plan, String label, String dataset) throws IOException {
        // The analyses read checkpoints: a run known only from its committed record is trained again (deterministic).
        RunResult run = experiments.runWithCheckpoints(plan(plan, dataset).run(label).config(), TrainingProgress.NONE);
        return new RunAnalysis(run, experiments.dataset(run.config().dataset()), embeddingPoints());
    }

    /**
     * Both plans on one dataset and the analysis of its Adam baseline. In recorded-only mode the analysis is absent when
     * the baseline's checkpoints are not in the runs folder (a sweep still running), so that the comparison can still
     * be built from the records.
     *
     * @param dataset registered dataset name
     * @return the dataset's results
     * @throws IOException on a read failure
     */
    public DatasetResults results(String dataset) throws IOException {
        PlanResult optimizers = plan("optimizers", dataset);
        PlanResult architecture = plan("architecture", dataset);
        java.util.Optional<RunAnalysis> analysis = java.util.Optional.empty();
        if (!optimizers.runs(ANALYSED_RUN).isEmpty()) {
            try {
                analysis = java.util.Optional.of(analysis("optimizers", ANALYSED_RUN, dataset));
            } catch (IllegalStateException e) {
                if (!experiments.isRecordedOnly()) {
                    throw e;
                }
            }
        }
        return new DatasetResults(experiments.dataset(dataset), optimizers, architecture, analysis);
    }

    /** @return test images embedded with t-SNE/UMAP: 2,000 (see TsneOptions) capped by the profile's evaluation images */
    public int embeddingPoints() {
        return Math.min(TsneOptions.DEFAULT_MAX_POINTS, experiments.profile().evalImages());
    }
}
