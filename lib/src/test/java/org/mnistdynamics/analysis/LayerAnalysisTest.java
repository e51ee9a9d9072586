package org.mnistdynamics.analysis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.data.Split;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Probes, CKA, re-initialisation and spectra of a real (tiny) run, read from its checkpoints: one conv block of 8
 * filters (width 0.25), dense 32, 2 epochs on 512 images; so block1 is 8 x 14 x 14 = 1,568 features.
 */
class LayerAnalysisTest {

    @TempDir
    static Path runs;

    static RunResult run;
    static LayerAnalysis analysis;
    static final LayerAnalysis.Sizes SIZES = new LayerAnalysis.Sizes(500, 300, 200, 200);

    @BeforeAll
    static void train() throws IOException {
        RunConfig config = new RunConfig("mnist", new CnnSpec(1, 0.25, 3, 0.5), OptimizerSpec.paperDefault("adam"),
                128, 2, 11, 512, 200);
        run = new Trainer(TestData.mnist(), CnnSpec.RuntimeOptions.DEFAULT, "test", Path.of(""), TrainingProgress.NONE)
                .run(config, RunDirectory.of(runs, config));
        analysis = new LayerAnalysis(run, TestData.mnist(), SIZES);
    }

    @Test
    void layersAreInputBlocksAndDense() throws IOException {
        assertEquals(List.of("input", "block1", "dense"), analysis.layers());
        assertEquals(List.of(0, 1, 2), analysis.probeEpochs());
    }

    @Test
    void probesOfTheInputDoNotChangeWithTrainingAndBeatChance() throws IOException {
        Table p = analysis.probes();
        assertEquals(3 * 3, p.rowCount()); // epochs 0, 1, 2 x layers input, block1, dense
        Table input = p.where(p.stringColumn("layer").isEqualTo("input"));
        double first = input.doubleColumn("test_accuracy").get(0);
        for (Row r : input) {
            assertEquals(first, r.getDouble("test_accuracy"), 0.0, "the input does not depend on the epoch");
            assertEquals(784, r.getInt("features"));
            assertEquals(500, r.getInt("train_images"));
            assertEquals(300, r.getInt("test_images"));
        }
        assertTrue(first > 0.6, "linear probe of the pixels: " + first);
        Table block = p.where(p.stringColumn("layer").isEqualTo("block1"));
        assertEquals(1568, block.intColumn("features").get(0));
        Table dense = p.where(p.stringColumn("layer").isEqualTo("dense"));
        assertEquals(32, dense.intColumn("features").get(0));
        for (Row r : p) {
            assertTrue(r.getDouble("test_accuracy") > 0.2, r.toString()); // even random features beat 10 %
        }
    }

    @Test
    void ckaOfTheLastEpochWithItselfIsOne() throws IOException {
        Table c = analysis.ckaToFinal();
        assertEquals(3 * 2, c.rowCount()); // epochs 0..2 x (block1, dense)
        for (Row r : c) {
            double v = r.getDouble("cka");
            if (r.getInt("epoch") == 2) {
                assertEquals(1.0, v, 1e-5);
            } else {
                assertTrue(v > 0 && v < 1, r.toString());
            }
        }
        assertEquals(List.of(0, 0), analysis.ckaThresholdEpochs(1e-9).intColumn("epoch").asList());
        // a threshold above the dense layer's CKA at epochs 0 and 1 is first reached at the last epoch (CKA 1)
        Table dense = c.where(c.stringColumn("layer").isEqualTo("dense").and(c.intColumn("epoch").isLessThan(2)));
        double above = (dense.doubleColumn("cka").max() + 1) / 2;
        Table first = analysis.ckaThresholdEpochs(above);
        assertEquals("dense", first.stringColumn("layer").get(1));
        assertEquals(2, first.intColumn("epoch").get(1));
        Table same = LayerAnalysis.crossSeedCka(List.of(run, run), TestData.mnist(), 100);
        assertEquals(2, same.rowCount());
        for (Row r : same) {
            assertEquals(1.0, r.getDouble("cka"), 1e-5, "a network compared with itself");
        }
    }

    @Test
    void resettingToTheLastEpochReproducesTheRecordedTestAccuracy() throws IOException {
        Table t = analysis.reinitialisation();
        assertEquals(3 * 3, t.rowCount()); // layers conv1, dense, output x epochs 0..2
        double recorded = run.finalValue("test", "accuracy"); // the run evaluated the same first 200 test images
        for (Row r : t.where(t.intColumn("reset_epoch").isEqualTo(2))) {
            assertEquals(recorded, r.getDouble("test_accuracy"), 1e-12, r.toString());
        }
        Table dense0 = t.where(t.intColumn("reset_epoch").isEqualTo(0).and(t.stringColumn("layer").isEqualTo("dense")));
        assertTrue(dense0.doubleColumn("test_accuracy").get(0) < recorded, "resetting the dense layer costs accuracy");
    }

    @Test
    void aTableIsCachedOnceComputed(@TempDir Path cache) throws IOException {
        LayerAnalysis fresh = new LayerAnalysis(run, TestData.mnist(), SIZES, cache);
        assertFalse(fresh.isCached("spectra"));
        Table computed = fresh.spectra();
        assertTrue(fresh.isCached("spectra"));
        assertTrue(Files.exists(cache.resolve("spectra.csv")));
        assertFalse(fresh.isCached("probes"), "only the table computed is cached");
        assertEquals(computed.rowCount(), new LayerAnalysis(run, TestData.mnist(), SIZES, cache).spectra().rowCount());
        var e = assertThrows(IllegalArgumentException.class, () -> fresh.isCached("svd"));
        assertTrue(e.getMessage().contains("'svd'"), e.getMessage());
    }

    /**
     * The tables kept beside a committed record are read without checkpoints (a clone that has only the records):
     * the same values, and a table or network that would need a checkpoint is refused naming the run and the folder.
     */
    @Test
    void recordedTablesAreReadWithoutCheckpoints(@TempDir Path tables, @TempDir Path record) throws IOException {
        LayerAnalysis computed = new LayerAnalysis(run, TestData.mnist(), SIZES, tables);
        Table probes = computed.probes();
        Table cka = computed.ckaToFinal();
        computed.reinitialisation();
        computed.spectra();
        assertTrue(LayerAnalysis.isComplete(tables));
        Table pair = LayerAnalysis.cachedCrossSeedCka(List.of(computed, computed), 100);
        assertEquals(2, pair.rowCount()); // block1, dense for the one pair
        assertTrue(Files.exists(tables.resolve("cross-seed-cka-" + run.config().runId() + "-100.csv")));

        // The record: config, metrics and status, no checkpoints.
        RunResult recorded = new RunResult(run.config(), new RunDirectory(record), run.metrics(), run.status());
        LayerAnalysis fromRecord = new LayerAnalysis(recorded, TestData.mnist(), SIZES, tables);
        assertEquals(probes.doubleColumn("test_accuracy").asList(), fromRecord.probes().doubleColumn("test_accuracy").asList());
        assertEquals(cka.doubleColumn("cka").asList(), fromRecord.ckaToFinal().doubleColumn("cka").asList());
        assertEquals(pair.doubleColumn("cka").asList(),
                LayerAnalysis.cachedCrossSeedCka(List.of(fromRecord, fromRecord), 100).doubleColumn("cka").asList());
        // Another image count is another table: not cached, and without checkpoints the pair is left out.
        assertEquals(0, LayerAnalysis.cachedCrossSeedCka(List.of(fromRecord, fromRecord), 50).rowCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fromRecord.network(2));
        assertTrue(e.getMessage().contains(run.config().runId()) && e.getMessage().contains("epoch 2")
                && e.getMessage().contains(tables.toString()), e.getMessage());
        assertFalse(LayerAnalysis.isComplete(record), "an empty folder holds no tables");
    }

    @Test
    void initialGaussianWeightsSitAtTheMarchenkoPasturEdge() throws IOException {
        Table s = analysis.spectra();
        assertEquals(3 * 3, s.rowCount()); // conv1, dense, output x epochs 0..2
        Row conv = s.where(s.intColumn("epoch").isEqualTo(0).and(s.stringColumn("layer").isEqualTo("conv1"))).row(0);
        assertEquals(8, conv.getInt("rows"));
        assertEquals(9, conv.getInt("cols"));
        Row dense = s.where(s.intColumn("epoch").isEqualTo(0).and(s.stringColumn("layer").isEqualTo("dense"))).row(0);
        assertEquals(1568, dense.getInt("rows"));
        assertEquals(32, dense.getInt("cols"));
        // He initialisation draws i.i.d. Gaussians: sigma_max -> s (sqrt(1568) + sqrt(32)) within a few per cent
        assertEquals(1.0, dense.getDouble("sigma_max") / dense.getDouble("mp_edge"), 0.05);
        assertTrue(dense.getDouble("dip_p") > 0.01, "Gaussian weights are unimodal: p = " + dense.getDouble("dip_p"));
        assertTrue(Double.isFinite(dense.getDouble("alpha")));
    }

    @Test
    void badInputNamesRunLayerAndEpoch() throws IOException {
        String id = run.config().runId();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> analysis.network(7));
        assertTrue(e.getMessage().contains(id) && e.getMessage().contains("epoch 7"), e.getMessage());
        Split test = TestData.mnist().test().first(10);
        e = assertThrows(IllegalArgumentException.class,
                () -> analysis.representation(1, "block3", test.features(test.naturalOrder(), 0, 10)));
        assertTrue(e.getMessage().contains(id) && e.getMessage().contains("epoch 1") && e.getMessage().contains("'block3'")
                && e.getMessage().contains("[input, block1, dense]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LayerAnalysis.Sizes(50, 300, 200, 200));
        assertTrue(e.getMessage().contains("probe training 50"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LayerAnalysis(run, TestData.mnist(), new LayerAnalysis.Sizes(60_000, 300, 200, 200)));
        assertTrue(e.getMessage().contains(id) && e.getMessage().contains("60000"), e.getMessage());
    }
}
