package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.LayerAnalysis;
import org.mnistdynamics.analysis.RunAnalysis;
import org.mnistdynamics.analysis.TsneOptions;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.NativeBackend;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.TrainingProgress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
     * @return the run's training-dynamics analysis, its tables computed once from the checkpoints and kept beside the
     *         run's committed record ({@link RunRecords#analysisFolder}); with all of them there, no checkpoint is needed
     * @throws IllegalStateException in recorded-only mode, if a table must be computed and the run's checkpoints are not
     *                               in the runs folder
     */
    public RunAnalysis analysis(String plan, String label, String dataset) throws IOException {
        RunConfig config = plan(plan, dataset).run(label).config();
        Path tables = experiments.records().analysisFolder(config);
        DatasetSplits data = experiments.dataset(dataset);
        if (RunAnalysis.isComplete(tables) && !hasAllCheckpoints(RunDirectory.of(experiments.paths().runs(), config), config.epochs())) {
            return new RunAnalysis(experiments.run(config, TrainingProgress.NONE), data, embeddingPoints(), tables);
        }
        // A table to compute reads checkpoints: a run known only from its record is trained again (deterministic).
        RunResult run = experiments.runWithCheckpoints(config, TrainingProgress.NONE);
        return new RunAnalysis(run, data, embeddingPoints(), tables);
    }

    /**
     * Both plans on one dataset, the analysis of its Adam baseline and the layer analyses of every Adam seed whose
     * checkpoints are in the runs folder ({@link #layerAnalyses(String, String, String)}; built lazily, computed when first
     * read). In recorded-only mode the analysis is absent when the baseline's checkpoints are not in the runs folder (a
     * sweep still running), so that the comparison can still be built from the records.
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
        return new DatasetResults(experiments.dataset(dataset), optimizers, architecture, analysis,
                layerAnalyses("optimizers", ANALYSED_RUN, dataset));
    }

    /**
     * The layer analyses of a configuration on the plan's own dataset (MNIST); see
     * {@link #layerAnalyses(String, String, String)}.
     *
     * @param plan  plan name
     * @param label run label
     * @return one analysis per seed with checkpoints, in seed order; possibly empty
     * @throws IOException on a read failure
     */
    public List<LayerAnalysis> layerAnalyses(String plan, String label) throws IOException {
        return layerAnalyses(plan, label, experiments.plan(plan).dataset());
    }

    /**
     * The layer analyses ({@link LayerAnalysis}) of every seed of a configuration on one dataset whose checkpoints are
     * all on disk (epochs 0 to the last, and a status file) or whose four tables are already kept beside its committed
     * record ({@link RunRecords#analysisFolder}, where the tables are written once computed). Nothing is trained for
     * them: a seed with neither is left out (the article then states the seeds it used, or "not measured yet" when
     * there are none).
     *
     * @param plan    plan name
     * @param label   run label
     * @param dataset registered dataset name: the plan's runs on it, analysed on its images
     * @return one analysis per seed with checkpoints, in seed order; possibly empty
     * @throws IllegalArgumentException if {@code label} is not a configuration of the plan, or the dataset is unknown
     * @throws IOException              on a read failure
     */
    public List<LayerAnalysis> layerAnalyses(String plan, String label, String dataset) throws IOException {
        PlanResult result = plan(plan, dataset);
        if (!result.configurations().contains(label)) {
            throw new IllegalArgumentException("plan " + plan + " has no configuration '" + label + "'; it has "
                    + result.configurations());
        }
        DatasetSplits data = experiments.dataset(dataset);
        List<LayerAnalysis> out = new ArrayList<>();
        for (RunResult r : result.runs(label)) {
            RunDirectory dir = RunDirectory.of(experiments.paths().runs(), r.config());
            Path tables = experiments.records().analysisFolder(r.config());
            if (hasAllCheckpoints(dir, r.config().epochs())) {
                out.add(new LayerAnalysis(RunResult.load(r.config(), dir), data, layerSizes(), tables));
            } else if (LayerAnalysis.isComplete(tables)) {
                out.add(new LayerAnalysis(r, data, layerSizes(), tables));
            }
        }
        return out;
    }

    /** @return the image counts of the layer analyses: {@link LayerAnalysis.Sizes#SMOKE} for smoke, else the paper's */
    public LayerAnalysis.Sizes layerSizes() {
        return experiments.profile() == Profile.SMOKE ? LayerAnalysis.Sizes.SMOKE : LayerAnalysis.Sizes.PAPER;
    }

    private static boolean hasAllCheckpoints(RunDirectory dir, int epochs) {
        var store = dir.checkpoints();
        for (int e = 0; e <= epochs; e++) {
            if (!Files.exists(store.zip(e)) || !Files.exists(store.manifest(e))) {
                return false;
            }
        }
        return Files.exists(dir.statusFile());
    }

    /** @return test images embedded with t-SNE/UMAP: 2,000 (see TsneOptions) capped by the profile's evaluation images */
    public int embeddingPoints() {
        return Math.min(TsneOptions.DEFAULT_MAX_POINTS, experiments.profile().evalImages());
    }
}
