package org.mnistdynamics.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.analysis.RunAnalysis;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSpec;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.train.MetricRow;
import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The whole {@code _variables.yml} for fixed synthetic inputs: both plans on MNIST and Fashion-MNIST with two finished
 * seeds (42, 43), and analysis tables of the Adam baseline written by hand. Entries that the best-on-validation choice,
 * the weight moments and the separation look-ups produce are checked against hand-computed values, and the whole file
 * against {@code variables-expected.yml} (written by the code before the duplicated helpers were merged), so that a
 * refactoring cannot change a number the article shows. Compared as parsed maps: several entries are built with
 * {@code Map.of}, whose iteration order is not fixed across JVMs.
 */
class PaperVariablesFileTest {

    @TempDir
    Path dir;

    /** Final validation accuracy per configuration (seed 42; seed 43 adds 0.001). Two variants tie at the top. */
    private static final Map<String, Double> VALIDATION = Map.ofEntries(
            Map.entry("SGD", 0.985), Map.entry("SGD + momentum", 0.990), Map.entry("RMSProp", 0.992),
            Map.entry("Adam", 0.993), Map.entry("depth 1", 0.980), Map.entry("depth 1, no dropout", 0.978),
            Map.entry("depth 2 (baseline)", 0.991), Map.entry("depth 2, no dropout", 0.989),
            Map.entry("depth 3", 0.994), Map.entry("depth 3, no dropout", 0.994),
            Map.entry("width 0.5", 0.988), Map.entry("width 0.5, no dropout", 0.986));
    /** Test accuracy per configuration (seed 42; seed 43 adds 0.002), constant over epochs. */
    private static final Map<String, Double> TEST = Map.ofEntries(
            Map.entry("SGD", 0.984), Map.entry("SGD + momentum", 0.989), Map.entry("RMSProp", 0.991),
            Map.entry("Adam", 0.992), Map.entry("depth 1", 0.979), Map.entry("depth 1, no dropout", 0.977),
            Map.entry("depth 2 (baseline)", 0.990), Map.entry("depth 2, no dropout", 0.988),
            Map.entry("depth 3", 0.995), Map.entry("depth 3, no dropout", 0.993),
            Map.entry("width 0.5", 0.987), Map.entry("width 0.5, no dropout", 0.985));

    @Test
    void theFileMatchesTheHandComputedEntriesAndTheGoldenCopy() throws IOException {
        DatasetResults mnist = results(DatasetRegistry.MNIST, 0.0);
        // Fashion-MNIST: the same shape, 0.1 lower everywhere (its thresholds are 88 % and 90 %).
        DatasetResults fashion = results(DatasetRegistry.FASHION_MNIST, 0.1);
        Path file = dir.resolve("_variables.yml");
        PaperVariables.write(mnist, fashion, file);
        String text = Files.readString(file);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "variables-actual.yml"), text); // to inspect or to renew the golden copy
        Map<String, Object> v = parse(text);

        // Best on mean validation accuracy over both plans: depth 3 (0.9945) ties with depth 3, no dropout and comes
        // first in plan order; its test accuracy over seeds 0.995 and 0.997: mean 0.996, sd 0.002 / sqrt 2, half-width
        // t(0.975, 1) x sd / sqrt 2 = 12.706 x 0.001 = 1.27 points.
        assertEquals("99.60 ± 1.27 %", get(v, "accuracy", "best_test"));
        assertEquals("depth 3, architecture plan", get(v, "accuracy", "best_run"));
        assertEquals("depth 3", get(v, "architecture", "best", "name"));
        assertEquals("99.60 ± 1.27 %", get(v, "architecture", "best", "test_accuracy"));
        assertEquals("depth 3", get(v, "fashion", "architecture", "best", "name"));
        assertEquals("89.60 ± 1.27 %", get(v, "fashion", "architecture", "best", "test_accuracy"));
        // Weight moments of the hand-written table (dense: excess kurtosis 0.1 at epoch 0, 2.301 + 0.5 x 2 at the last).
        assertEquals("0.10", get(v, "weights", "adam", "dense", "kurtosis_epoch0"));
        assertEquals("3.30", get(v, "weights", "adam", "dense", "kurtosis_epochfinal"));
        assertEquals("1.80", get(v, "weights", "adam", "conv2", "kurtosis_epoch1")); // 0.8 + 1
        // ||w0|| = sqrt(100 (0.05^2 + 0^2)) = 0.5; l2_from_initial 0.25 at the end: 50 %.
        assertEquals("50.00 %", get(v, "weights", "adam", "dense", "relative_change_epochfinal"));
        assertEquals(Map.of("kurtosis_epoch0", "0.10", "kurtosis_epochfinal", "3.30"), get(v, "fashion", "weights", "dense"));
        // Separation look-ups: t-SNE and UMAP rows per epoch.
        assertEquals(Map.of("knn_accuracy", "40.00 %", "silhouette", "0.05", "umap_knn_accuracy", "35.00 %",
                "umap_silhouette", "0.03"), get(v, "separation", "initial"));
        assertEquals(Map.of("knn_accuracy", "97.50 %", "silhouette", "0.60", "umap_knn_accuracy", "96.00 %",
                "umap_silhouette", "0.55"), get(v, "separation", "final"));
        assertEquals(Map.of("knn_accuracy", "40.00 %", "silhouette", "0.05", "umap_knn_accuracy", "35.00 %",
                "umap_silhouette", "0.03"), get(v, "fashion", "separation", "initial"));
        assertEquals("42", get(v, "fashion", "separation", "analysed_seed"));
        assertEquals(List.of("97.5", "97.5"),
                DatasetComparison.separationTable(List.of(mnist, fashion)).stringColumn("k-NN final (%)").asList());
        assertEquals(List.of("0.05", "0.05"),
                DatasetComparison.separationTable(List.of(mnist, fashion)).stringColumn("silhouette initial").asList());

        Map<String, Object> expected;
        try (InputStream in = getClass().getResourceAsStream("variables-expected.yml")) {
            assertNotNull(in, "golden copy variables-expected.yml missing from the test resources");
            expected = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        // A boolean, not the two maps: their printout runs to thousands of lines; diff the files to see the change.
        assertTrue(expected.equals(v), "_variables.yml differs from the golden copy: diff "
                + "lib/src/test/resources/org/mnistdynamics/experiment/variables-expected.yml with target/variables-actual.yml");
    }

    private static Map<String, Object> parse(String yaml) throws IOException {
        return Json.YAML.readValue(yaml, new TypeReference<>() {
        });
    }

    private static Object get(Map<String, Object> v, String... path) {
        Object o = v;
        for (String p : path) {
            assertTrue(o instanceof Map<?, ?>, String.join(".", path));
            o = ((Map<?, ?>) o).get(p);
        }
        return o;
    }

    /** Both plans on one dataset, seeds 42 and 43 finished, accuracies {@code lower} below MNIST's. */
    private DatasetResults results(DatasetSpec spec, double lower) throws IOException {
        PlanResult optimizers = plan("optimizers", spec.name(), lower);
        PlanResult architecture = plan("architecture", spec.name(), lower);
        DatasetSplits data = splits(spec);
        RunResult adam = optimizers.run("Adam");
        Path runDir = dir.resolve(spec.name()).resolve(adam.config().runId());
        writeAnalysisTables(runDir.resolve("analysis"), adam.config().runId(), adam.config().epochs());
        RunResult analysed = new RunResult(adam.config(), new RunDirectory(runDir), adam.metrics(), adam.status());
        return new DatasetResults(data, optimizers, architecture, Optional.of(new RunAnalysis(analysed, data, 10)));
    }

    private static PlanResult plan(String name, String dataset, double lower) throws IOException {
        ExperimentPlan p = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/" + name + ".yaml")).onDataset(dataset);
        List<PlanResult.Outcome> outcomes = new ArrayList<>();
        for (ExperimentPlan.ResolvedRun r : p.resolve(Profile.FULL)) {
            Optional<RunResult> result = Optional.empty();
            if (r.seed() == 42 || r.seed() == 43) {
                int s = (int) (r.seed() - 42);
                result = Optional.of(run(r.config(), VALIDATION.get(r.label()) - lower + 0.001 * s,
                        TEST.get(r.label()) - lower + 0.002 * s));
            }
            outcomes.add(new PlanResult.Outcome(r.label(), r.seed(), r.config().runId(), result,
                    result.isPresent() ? Optional.empty() : Optional.of("not finished yet")));
        }
        return new PlanResult(p, Profile.FULL, outcomes);
    }

    /**
     * A completed run whose validation accuracy at epoch e is {@code finalValidation - 0.02 / e + 0.02 / epochs} (so it
     * ends at {@code finalValidation}), training accuracy on the evaluated images 0.004 above it, test accuracy
     * {@code test}, 30 s per epoch.
     */
    private static RunResult run(RunConfig c, double finalValidation, double test) {
        List<MetricRow> rows = new ArrayList<>();
        long seed = c.seed();
        for (int e = 1; e <= c.epochs(); e++) {
            double validation = finalValidation - 0.02 / e + 0.02 / c.epochs();
            rows.add(new MetricRow(c.runId(), seed, e, "validation", "accuracy", validation));
            rows.add(new MetricRow(c.runId(), seed, e, "train", "accuracy", validation + 0.004));
            rows.add(new MetricRow(c.runId(), seed, e, "train_eval", "accuracy", validation + 0.004));
            rows.add(new MetricRow(c.runId(), seed, e, "test", "accuracy", test));
            rows.add(new MetricRow(c.runId(), seed, e, "test", "loss", 0.05));
            rows.add(new MetricRow(c.runId(), seed, e, "train", "epoch_seconds", 30));
        }
        return new RunResult(c, new RunDirectory(Path.of("unused")), MetricsTable.of("m", rows),
                new RunStatus("completed", rows.size(), ""));
    }

    /** 100 blank images per split, labels 0..9 in turn (chance: 10 %). */
    private static DatasetSplits splits(DatasetSpec spec) {
        int n = 100;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        Split s = new Split("split", new float[n * Split.IMAGE_PIXELS], labels);
        return new DatasetSplits(spec, s, s, s);
    }

    /**
     * The cached tables {@link RunAnalysis} reads instead of computing from checkpoints: weight statistics of four
     * layers at epochs 0, 1 and the last (and bias rows, which the article ignores), conv1 filter shares at every epoch,
     * embeddings of epoch 0 (4 points) and separation scores of t-SNE and UMAP at epochs 0, 1 and the last.
     */
    private static void writeAnalysisTables(Path analysis, String runId, int last) throws IOException {
        Files.createDirectories(analysis);
        StringBuilder stats = new StringBuilder("run_id,epoch,layer,parameter,count,mean,std,skewness,excess_kurtosis,"
                + "ks_distance,bimodality,l2_from_initial\n");
        String[] layers = {"conv1", "conv2", "dense", "output"};
        for (int l = 0; l < layers.length; l++) {
            for (int epoch : new int[]{0, 1, last}) {
                double k = epoch == 0 ? 0.1 : epoch == 1 ? 0.8 + l : 2.301 + 0.5 * l;
                double change = epoch == 0 ? 0 : epoch == 1 ? 0.1 : 0.25;
                stats.append(String.format(Locale.ROOT, "%s,%d,%s,W,100,0.0,%.4f,%.3f,%.4f,%.4f,%.4f,%.4f%n", runId, epoch,
                        layers[l], 0.05 + 0.01 * epoch, 0.01 * l, k, 0.02 + 0.001 * epoch, 0.3 + 0.01 * l, change));
                stats.append(String.format(Locale.ROOT, "%s,%d,%s,b,10,0.0,0.0,0.0,0.0,0.0,0.0,0.0%n", runId, epoch, layers[l]));
            }
        }
        Files.writeString(analysis.resolve("weight-stats.csv"), stats);
        Files.writeString(analysis.resolve("weight-histograms.csv"), "run_id,layer,parameter,epoch,bin,lower,upper,count\n");
        Files.writeString(analysis.resolve("dead-units.csv"), "run_id,epoch,layer,units,dead,fraction\n");
        StringBuilder filters = new StringBuilder("run_id,epoch,filter,edge_share,mean_share,orientation_degrees\n");
        for (int epoch = 0; epoch <= last; epoch++) {
            for (int f = 0; f < 4; f++) {
                filters.append(String.format(Locale.ROOT, "%s,%d,%d,%.3f,%.3f,%.1f%n", runId, epoch, f,
                        0.2 + 0.1 * f + 0.01 * epoch, 0.4 - 0.05 * f - 0.005 * epoch, 45.0 * f));
            }
        }
        Files.writeString(analysis.resolve("filter-structure.csv"), filters);
        StringBuilder embeddings = new StringBuilder("run_id,epoch,method,index,label,x,y\n");
        for (int i = 0; i < 4; i++) {
            embeddings.append(String.format(Locale.ROOT, "%s,0,tsne,%d,%d,%.1f,%.1f%n", runId, i, i % 2, 1.0 * i, -1.0 * i));
        }
        Files.writeString(analysis.resolve("embeddings.csv"), embeddings);
        StringBuilder sep = new StringBuilder("run_id,epoch,method,points,knn_accuracy,silhouette,seconds,heap_estimate_mb,sampled,note\n");
        double[][] scores = {{0.40, 0.05, 0.35, 0.03}, {0.90, 0.40, 0.88, 0.35}, {0.975, 0.60, 0.96, 0.55}};
        int[] epochs = {0, 1, last};
        for (int i = 0; i < epochs.length; i++) {
            sep.append(String.format(Locale.ROOT, "%s,%d,tsne,4,%.3f,%.2f,1.0,1.0,4,%n", runId, epochs[i], scores[i][0], scores[i][1]));
            sep.append(String.format(Locale.ROOT, "%s,%d,umap,4,%.3f,%.2f,1.0,1.0,4,%n", runId, epochs[i], scores[i][2], scores[i][3]));
        }
        Files.writeString(analysis.resolve("separation.csv"), sep);
    }
}
