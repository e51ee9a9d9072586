package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.Trainer;
import org.mnistdynamics.train.TrainingProgress;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The analysis of a real (small) run, read back from its checkpoints. */
class RunAnalysisTest {

    @TempDir
    Path runs;

    @Test
    void weightHistogramsSumToTheParameterCountAndEmbeddingsSeparateAfterTraining() throws IOException {
        RunConfig config = new RunConfig("mnist", CnnSpec.BASELINE, OptimizerSpec.paperDefault("adam"), 128, 2, 5, 2048, 600);
        RunResult run = new Trainer(TestData.mnist(), CnnSpec.RuntimeOptions.DEFAULT, "test", Path.of(""), TrainingProgress.NONE)
                .run(config, RunDirectory.of(runs, config));
        RunAnalysis analysis = new RunAnalysis(run, TestData.mnist(), 300);

        Table stats = analysis.weightStatistics();
        assertEquals(3 * 8, stats.rowCount()); // 3 checkpoints x (4 layers x {W, b})
        long params = 0;
        for (Row r : stats) {
            if (r.getInt("epoch") == 0) {
                params += r.getLong("count");
            }
        }
        assertEquals(421_642L, params);
        Map<String, Long> histogramTotals = new HashMap<>();
        for (Row r : analysis.weightHistograms()) {
            histogramTotals.merge(r.getInt("epoch") + " " + r.getString("layer") + " " + r.getString("parameter"), r.getLong("count"), Long::sum);
        }
        for (Row r : stats) {
            assertEquals(r.getLong("count"), histogramTotals.get(r.getInt("epoch") + " " + r.getString("layer") + " " + r.getString("parameter")));
        }
        // epoch 0 is the reference of the L2 distance; training moves every weight tensor away from it
        for (Row r : stats) {
            if (r.getString("parameter").equals("W")) {
                assertEquals(r.getInt("epoch") == 0, r.getDouble("l2_from_initial") == 0.0, r.toString());
            }
        }
        assertEquals(4, analysis.weightHistogramsByLayer().size());

        Table filters = analysis.filterStructure();
        assertEquals(3 * 32, filters.rowCount()); // 3 checkpoints x 32 conv1 kernels
        for (Row r : filters) {
            assertTrue(r.getDouble("edge_share") >= 0 && r.getDouble("edge_share") + r.getDouble("mean_share") <= 1 + 1e-9, r.toString());
        }
        Table byEpoch = analysis.filterStructureByEpoch();
        assertEquals(3, byEpoch.rowCount());
        assertEquals(32, byEpoch.intColumn("filters").get(0));

        Table separation = analysis.separation();
        assertEquals(3 * 2, separation.rowCount()); // epochs 0, 1, 2 x {tsne, umap}
        double initial = knn(separation, 0), trained = knn(separation, 2);
        assertTrue(trained > 0.75, "k-NN accuracy after training " + trained);
        assertEquals(300, analysis.embedding(2, "tsne").size());
        assertTrue(Files.exists(run.dir().path().resolve("analysis/embeddings.csv")));
        // cached: a second analysis object reads the same numbers
        assertEquals(trained, knn(new RunAnalysis(run, TestData.mnist(), 300).separation(), 2));
        assertTrue(Double.isFinite(initial));

        // Kept beside a record without checkpoints (a clone with only the committed records), the tables are read as
        // they are; a network is refused naming the run and the folder.
        Path tables = run.dir().path().resolve("analysis");
        assertTrue(RunAnalysis.isComplete(tables));
        Path record = Files.createDirectories(runs.resolve("record"));
        RunResult recorded = new RunResult(config, new RunDirectory(record), run.metrics(), run.status());
        RunAnalysis fromRecord = new RunAnalysis(recorded, TestData.mnist(), 300, tables);
        assertEquals(trained, knn(fromRecord.separation(), 2));
        assertEquals(stats.doubleColumn("excess_kurtosis").asList(), fromRecord.weightStatistics().doubleColumn("excess_kurtosis").asList());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fromRecord.network(2));
        assertTrue(e.getMessage().contains(config.runId()) && e.getMessage().contains(record.toString()), e.getMessage());
        assertFalse(RunAnalysis.isComplete(record));
    }

    private static double knn(Table separation, int epoch) {
        for (Row r : separation) {
            if (r.getInt("epoch") == epoch && r.getString("method").equals("tsne")) {
                return r.getDouble("knn_accuracy");
            }
        }
        throw new AssertionError("no t-SNE row for epoch " + epoch);
    }
}
