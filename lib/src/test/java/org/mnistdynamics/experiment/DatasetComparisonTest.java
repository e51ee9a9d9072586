package org.mnistdynamics.experiment;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import org.mnistdynamics.analysis.LayerAnalysis;
import org.mnistdynamics.analysis.RunAnalysis;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSpec;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.stats.Verdict;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.train.MetricRow;
import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.RunStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The "Beyond MNIST" comparison on synthetic metrics: each dataset's thresholds, principle verdicts from paired
 * intervals worked out by hand, the phrases across datasets, and the refusals of a dataset mismatch.
 */
class DatasetComparisonTest {

    private static ExperimentPlan plan(String name, String dataset) throws IOException {
        return ExperimentPlan.read(TestData.projectRoot().resolve("experiments/" + name + ".yaml")).onDataset(dataset);
    }

    /** A completed run of a resolved configuration whose validation accuracy per epoch is given (test = last). */
    private static RunResult run(RunConfig c, double... validation) {
        List<MetricRow> rows = new ArrayList<>();
        for (int e = 1; e <= validation.length; e++) {
            rows.add(new MetricRow(c.runId(), 1, e, "validation", "accuracy", validation[e - 1]));
            rows.add(new MetricRow(c.runId(), 1, e, "train", "accuracy", validation[e - 1]));
            rows.add(new MetricRow(c.runId(), 1, e, "train_eval", "accuracy", validation[e - 1]));
            rows.add(new MetricRow(c.runId(), 1, e, "test", "accuracy", validation[e - 1]));
            rows.add(new MetricRow(c.runId(), 1, e, "test", "loss", 0.3));
            rows.add(new MetricRow(c.runId(), 1, e, "train", "epoch_seconds", 30));
        }
        return new RunResult(c, new RunDirectory(Path.of("unused")), MetricsTable.of("m", rows),
                new RunStatus("completed", rows.size(), ""));
    }

    /**
     * The optimizers plan on a dataset where, per seed, SGD first reaches the lower threshold after {@code sgdEpochs[i]}
     * epochs and Adam after {@code adamEpochs[i]}; other optimizers have no finished run.
     */
    private static PlanResult optimizers(String dataset, int[] sgdEpochs, int[] adamEpochs) throws IOException {
        ExperimentPlan p = plan("optimizers", dataset);
        double lower = AccuracyThresholds.of(dataset).lower();
        List<PlanResult.Outcome> outcomes = new ArrayList<>();
        for (ExperimentPlan.ResolvedRun r : p.resolve(Profile.FULL)) {
            int i = p.seeds(Profile.FULL).indexOf(r.seed());
            int[] epochs = r.label().equals("SGD") ? sgdEpochs : r.label().equals("Adam") ? adamEpochs : new int[0];
            Optional<RunResult> result = Optional.empty();
            if (i < epochs.length) {
                double[] curve = new double[20];
                for (int e = 0; e < 20; e++) {
                    curve[e] = e + 1 >= epochs[i] ? lower + 0.001 : lower - 0.05;
                }
                result = Optional.of(run(r.config(), curve));
            }
            outcomes.add(new PlanResult.Outcome(r.label(), r.seed(), r.config().runId(), result, Optional.empty()));
        }
        return new PlanResult(p, Profile.FULL, outcomes);
    }

    private static PlanResult noRuns(String name, String dataset) throws IOException {
        ExperimentPlan p = plan(name, dataset);
        List<PlanResult.Outcome> outcomes = new ArrayList<>();
        for (ExperimentPlan.ResolvedRun r : p.resolve(Profile.FULL)) {
            outcomes.add(new PlanResult.Outcome(r.label(), r.seed(), r.config().runId(), Optional.empty(),
                    Optional.of("not finished yet (recorded-only mode)")));
        }
        return new PlanResult(p, Profile.FULL, outcomes);
    }

    private static DatasetSplits splits(DatasetSpec spec) {
        return splits(spec, 1);
    }

    /** Splits of {@code images} blank images of class 0 each (the checks under test never read pixels). */
    private static DatasetSplits splits(DatasetSpec spec, int images) {
        Split blank = new Split("test", new float[images * Split.IMAGE_PIXELS], new int[images]);
        return new DatasetSplits(spec, blank, blank, blank);
    }

    private static DatasetResults results(DatasetSpec spec, PlanResult optimizers) throws IOException {
        return new DatasetResults(splits(spec), optimizers, noRuns("architecture", spec.name()), Optional.empty());
    }

    @Test
    void eachDatasetHasItsStatedThresholds() {
        assertEquals(new AccuracyThresholds(0.98, 0.99), AccuracyThresholds.of("mnist"));
        assertEquals(new AccuracyThresholds(0.88, 0.90), AccuracyThresholds.of("fashion-mnist"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccuracyThresholds.of("cifar-10"));
        assertTrue(e.getMessage().contains("'cifar-10'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AccuracyThresholds(0.99, 0.98));
        assertEquals(List.of("adam_vs_sgd_accuracy", "adam_vs_momentum_accuracy", "adam_vs_rmsprop_accuracy",
                "adam_faster_than_sgd_88", "adam_faster_than_momentum_90", "dropout_gain_depth_1", "dropout_gain_depth_2",
                "dropout_gain_depth_3", "dropout_gain_depth_2_width_0_5", "dropout_gain_grows_with_depth",
                "dropout_narrows_gap"), Claims.keys("fashion-mnist"));
        assertTrue(Claims.keys("mnist").contains("adam_faster_than_sgd_98"));
    }

    /** Before any run finishes, every claim is reported as not measured yet, in words (not by its key). */
    @Test
    void unmeasuredClaimsKeepTheirStatements() throws IOException {
        Map<String, Object> v = PaperVariables.claimVariables(noRuns("optimizers", "fashion-mnist"),
                noRuns("architecture", "fashion-mnist"));
        assertEquals(Claims.keys("fashion-mnist"), List.copyOf(v.keySet()));
        assertEquals("Adam ends with a higher test accuracy than SGD + momentum",
                ((Map<?, ?>) v.get("adam_vs_momentum_accuracy")).get("statement"));
        assertEquals("Adam reaches 88 % validation accuracy in fewer epochs than SGD",
                ((Map<?, ?>) v.get("adam_faster_than_sgd_88")).get("statement"));
        assertEquals("dropout raises the test accuracy (depth 2 (baseline))",
                ((Map<?, ?>) v.get("dropout_gain_depth_2")).get("statement"));
        assertEquals("dropout raises the test accuracy (width 0.5)",
                ((Map<?, ?>) v.get("dropout_gain_depth_2_width_0_5")).get("statement"));
        assertEquals("is not measured yet (its runs have not finished)", ((Map<?, ?>) v.get("dropout_narrows_gap")).get("verdict"));
        Map<String, Object> layers = PaperVariables.layerClaimVariables(List.of());
        assertEquals(LayerClaims.KEYS, List.copyOf(layers.keySet()));
        assertEquals("the first block converges (CKA 0.9 with its final self) in fewer epochs than the dense layer",
                ((Map<?, ?>) layers.get("cka_bottom_up")).get("statement"));
    }

    @Test
    void tablesNameTheDatasetsThresholds() throws IOException {
        PlanResult fashion = optimizers("fashion-mnist", new int[]{3, 4, 5}, new int[]{1, 1, 1});
        var table = Summaries.optimizerTable(fashion);
        assertTrue(table.columnNames().containsAll(List.of("epochs to 88 %", "epochs to 90 %")), table.columnNames().toString());
        assertEquals("4.0 ± 2.5", table.stringColumn("epochs to 88 %").get(0)); // SGD: 3, 4, 5 -> mean 4, t(2)·1/√3 = 2.48
        assertTrue(Summaries.seedTable(fashion).columnNames().contains("epochs_to_88"));
    }

    @Test
    void principleVerdictsComeFromThePairedIntervals() throws IOException {
        // Differences SGD − Adam per seed: 2, 3, 4 -> mean 3, sd 1, half-width t(0.975, 2) / √3 = 4.303 / 1.732 = 2.484:
        // [0.516, 5.484] excludes 0 on the claimed side: holds.
        DatasetResults fashion = results(DatasetRegistry.FASHION_MNIST, optimizers("fashion-mnist", new int[]{3, 4, 5}, new int[]{1, 1, 1}));
        var state = DatasetComparison.state(DatasetComparison.Principle.ADAM_FASTER, fashion);
        assertEquals(Optional.of(Verdict.HOLDS), state.verdict());
        assertEquals(3, state.n());
        // Differences 2, −1, 4 -> mean 1.667, sd 2.517, half-width 6.25: the interval contains 0.
        DatasetResults mnist = results(DatasetRegistry.MNIST, optimizers("mnist", new int[]{3, 1, 5}, new int[]{1, 2, 1}));
        assertEquals("is not resolved at 3 seeds", DatasetComparison.state(DatasetComparison.Principle.ADAM_FASTER, mnist).phrase());
        assertEquals("holds on Fashion-MNIST only (on MNIST it is not resolved at 3 seeds)",
                DatasetComparison.acrossDatasets(DatasetComparison.Principle.ADAM_FASTER, List.of(mnist, fashion)));
        assertEquals("holds on both datasets",
                DatasetComparison.acrossDatasets(DatasetComparison.Principle.ADAM_FASTER, List.of(fashion, fashion)));
        // Dropout: the architecture plans have no finished run.
        assertEquals("is established on neither dataset yet (on MNIST it is not measured yet; on Fashion-MNIST it is not measured yet)",
                DatasetComparison.acrossDatasets(DatasetComparison.Principle.DROPOUT_DEEPER, List.of(mnist, fashion)));
        // Adam slower than SGD on every seed (differences −2, −3, −4: interval [−5.48, −0.52]) contradicts the principle
        // on that dataset; only then does the sentence say that it holds on neither.
        DatasetResults slower = results(DatasetRegistry.FASHION_MNIST, optimizers("fashion-mnist", new int[]{1, 1, 1}, new int[]{3, 4, 5}));
        assertEquals("holds on neither dataset (on MNIST it is not resolved at 3 seeds; on Fashion-MNIST it is contradicted)",
                DatasetComparison.acrossDatasets(DatasetComparison.Principle.ADAM_FASTER, List.of(mnist, slower)));
        // Principles 1 and 4 come from the layer analyses: without checkpoints at hand they are not measured.
        assertEquals("is not measured yet", DatasetComparison.state(DatasetComparison.Principle.EARLY_GENERAL, mnist).phrase());
        assertEquals("is not measured yet", DatasetComparison.state(DatasetComparison.Principle.WEIGHTS_COMPLEX, mnist).phrase());
    }

    @Test
    void layerPrinciplesAreDecidedByTheirLayerClaims() {
        assertEquals(List.of("probe_dense_over_input", "cka_bottom_up"),
                DatasetComparison.Principle.EARLY_GENERAL.claimKeys("fashion-mnist"));
        assertEquals(List.of("dense_spectral_spike"), DatasetComparison.Principle.WEIGHTS_COMPLEX.claimKeys("mnist"));
        // Probe gain dense − input per seed 16, 17, 18 (mean 17, sd 1, half-width 4.303 / √3 = 2.48: holds); CKA epochs
        // dense − block1 per seed 1, −1, 3 (mean 1, sd 2, half-width 4.97: contains 0): the principle is not resolved.
        Map<String, Claims.Claim> claims = Map.of(
                "probe_dense_over_input", claim("probe_dense_over_input", 16, 17, 18),
                "cka_bottom_up", claim("cka_bottom_up", 1, -1, 3));
        var keys = DatasetComparison.Principle.EARLY_GENERAL.claimKeys("mnist");
        assertEquals("is not resolved at 3 seeds", DatasetComparison.state(keys, claims).phrase());
        assertEquals(Verdict.HOLDS, claims.get("probe_dense_over_input").verdict());
        // Both hold (CKA epochs 2, 2, 3: mean 2.33, sd 0.577, half-width 1.43, [0.90, 3.77]): the principle holds. One
        // claim missing (a seed's checkpoints absent): not measured.
        var both = Map.of("probe_dense_over_input", claims.get("probe_dense_over_input"), "cka_bottom_up", claim("cka_bottom_up", 2, 2, 3));
        assertEquals("holds", DatasetComparison.state(keys, both).phrase());
        assertEquals("is not measured yet", DatasetComparison.state(keys, Map.of("cka_bottom_up", claim("cka_bottom_up", 1, 1, 2))).phrase());
        // A spike that shrinks on every seed contradicts principle 4.
        assertEquals("is contradicted", DatasetComparison.state(DatasetComparison.Principle.WEIGHTS_COMPLEX.claimKeys("mnist"),
                Map.of("dense_spectral_spike", claim("dense_spectral_spike", -2, -3, -4))).phrase());
    }

    @Test
    void thePrincipleTableGivesEachDecidingClaimPerDataset() throws IOException {
        DatasetResults mnist = results(DatasetRegistry.MNIST, optimizers("mnist", new int[]{3, 1, 5}, new int[]{1, 2, 1}));
        DatasetResults fashion = results(DatasetRegistry.FASHION_MNIST, optimizers("fashion-mnist", new int[]{3, 4, 5}, new int[]{1, 1, 1}));
        Table t = DatasetComparison.principleTable(List.of(mnist, fashion));
        assertEquals(List.of("principle", "claim", "MNIST", "MNIST verdict", "Fashion", "Fashion verdict"), t.columnNames());
        assertEquals(List.of("early general", "early general", "adam faster", "dropout deeper", "dropout deeper", "weights complex"),
                t.stringColumn("principle").asList());
        // The speed claim: keys adam_faster_than_sgd_98 / _88, one row. MNIST differences 2, −1, 4 (mean 1.67, half-width
        // 6.25); Fashion-MNIST 2, 3, 4 (mean 3, half-width 2.48).
        assertEquals("adam faster than sgd (epochs)", t.stringColumn("claim").get(2));
        assertEquals("1.67 ± 6.25 (n = 3)", t.stringColumn("MNIST").get(2));
        assertEquals("not resolved", t.stringColumn("MNIST verdict").get(2));
        assertEquals("3.00 ± 2.48 (n = 3)", t.stringColumn("Fashion").get(2));
        assertEquals("holds", t.stringColumn("Fashion verdict").get(2));
        // No layer analyses and no architecture runs: the other claims are not measured on either dataset.
        assertEquals("probe dense over input", t.stringColumn("claim").get(0));
        assertEquals("—", t.stringColumn("Fashion").get(0));
        assertEquals("not measured yet", t.stringColumn("MNIST verdict").get(5));
    }

    /** A claim whose paired differences per seed (42, 43, ...) are the given values, claimed positive. */
    private static Claims.Claim claim(String key, double... differences) {
        Map<Long, Double> a = new java.util.LinkedHashMap<>();
        Map<Long, Double> b = new java.util.LinkedHashMap<>();
        for (int i = 0; i < differences.length; i++) {
            a.put(42L + i, differences[i]);
            b.put(42L + i, 0.0);
        }
        return new Claims.Claim(key, key, "units", 1, org.mnistdynamics.stats.PairedDifference.of(a, b), true);
    }

    @Test
    void theSideBySideTableShowsEachDatasetsRuns() throws IOException {
        DatasetResults mnist = results(DatasetRegistry.MNIST, optimizers("mnist", new int[]{3, 4, 5}, new int[]{1, 1, 1}));
        DatasetResults fashion = results(DatasetRegistry.FASHION_MNIST, noRuns("optimizers", "fashion-mnist"));
        var t = DatasetComparison.optimizerTable(List.of(mnist, fashion));
        assertEquals(List.of("optimizer", "n", "MNIST test (%)", "Fashion test (%)", "MNIST ep. to 98 %",
                "Fashion ep. to 88 %"), t.columnNames());
        assertEquals("Adam", t.stringColumn("optimizer").get(3));
        assertEquals("3 / 0", t.stringColumn("n").get(3));
        assertEquals("98.10 ± 0.00", t.stringColumn("MNIST test (%)").get(3));
        assertEquals("1.0 ± 0.0", t.stringColumn("MNIST ep. to 98 %").get(3)); // all three seeds after epoch 1
        assertEquals("—", t.stringColumn("Fashion test (%)").get(3));
        assertFalse(fashion.hasRuns());
        assertTrue(mnist.hasRuns());
    }

    @Test
    void aRunOfOneDatasetIsNeverTakenForTheOther() throws IOException {
        PlanResult mnistPlan = optimizers("mnist", new int[]{3}, new int[]{1});
        // Same configuration, other dataset: another run id and another record folder.
        RunConfig m = mnistPlan.run("Adam").config();
        RunConfig f = plan("optimizers", "fashion-mnist").resolve(Profile.FULL).stream()
                .filter(r -> r.label().equals("Adam") && r.seed() == m.seed()).findFirst().orElseThrow().config();
        assertNotEquals(m.runId(), f.runId());
        IllegalArgumentException plans = assertThrows(IllegalArgumentException.class,
                () -> new DatasetResults(splits(DatasetRegistry.FASHION_MNIST), mnistPlan, noRuns("architecture", "fashion-mnist"), Optional.empty()));
        assertTrue(plans.getMessage().contains("ran on mnist, not on fashion-mnist"), plans.getMessage());
        IllegalArgumentException analysis = assertThrows(IllegalArgumentException.class,
                () -> new RunAnalysis(mnistPlan.run("Adam"), splits(DatasetRegistry.FASHION_MNIST), 10));
        assertTrue(analysis.getMessage().contains("trained on mnist but the images given are fashion-mnist"), analysis.getMessage());
        IllegalArgumentException claims = assertThrows(IllegalArgumentException.class,
                () -> Claims.of(mnistPlan, noRuns("architecture", "fashion-mnist")));
        assertTrue(claims.getMessage().contains("optimizers plan ran on mnist and the architecture plan on fashion-mnist"));
    }

    @Test
    void theLayerAnalysesRefuseADatasetMismatch() throws IOException {
        PlanResult mnistPlan = optimizers("mnist", new int[]{3}, new int[]{1});
        PlanResult fashionPlan = optimizers("fashion-mnist", new int[]{3}, new int[]{1});
        RunResult mnistAdam = mnistPlan.run("Adam");
        RunResult fashionAdam = fashionPlan.run("Adam");
        // Large enough for the smallest sizes (100 probe training images, 10 test images), so only the dataset differs.
        DatasetSplits mnistImages = splits(DatasetRegistry.MNIST, 100);
        DatasetSplits fashionImages = splits(DatasetRegistry.FASHION_MNIST, 100);
        LayerAnalysis.Sizes sizes = new LayerAnalysis.Sizes(100, 10, 10, 10);
        IllegalArgumentException images = assertThrows(IllegalArgumentException.class,
                () -> new LayerAnalysis(mnistAdam, fashionImages, sizes));
        assertEquals("run " + mnistAdam.config().runId() + " was trained on mnist but the images given are fashion-mnist; "
                + "analyse a run with its own dataset", images.getMessage());
        LayerAnalysis onMnist = new LayerAnalysis(mnistAdam, mnistImages, sizes, Path.of("unused"));
        LayerAnalysis onFashion = new LayerAnalysis(fashionAdam, fashionImages, sizes, Path.of("unused"));
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> LayerClaims.of(List.of(onMnist, onFashion)));
        assertEquals("layer analyses compare runs of one dataset, but run " + mnistAdam.config().runId()
                + " was trained on mnist and run " + fashionAdam.config().runId() + " on fashion-mnist", mixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerClaims.probes(List.of(onMnist, onFashion)));
        // The article's layer numbers are MNIST's: a Fashion-MNIST analysis is refused before anything is written.
        DatasetResults mnist = results(DatasetRegistry.MNIST, mnistPlan);
        DatasetResults fashion = results(DatasetRegistry.FASHION_MNIST, fashionPlan);
        Path file = Path.of("unused-variables.yml");
        IllegalArgumentException variables = assertThrows(IllegalArgumentException.class,
                () -> PaperVariables.write(mnist, fashion, List.of(onFashion), sizes, file));
        assertEquals("layer analysis of run " + fashionAdam.config().runId() + " was trained on fashion-mnist; "
                + "the article's layer numbers are mnist's", variables.getMessage());
        assertFalse(java.nio.file.Files.exists(file));
    }
}
