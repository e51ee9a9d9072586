package org.mnistdynamics.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.util.Json;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs on some classes and transfer runs (Yosinski et al. 2014) on real MNIST: the base's layers below the cut are
 * copied, frozen ones stay bit for bit as copied, fine-tuned ones move, the rest start from the run's own seed, and
 * evaluation sees only the run's classes.
 */
class TransferTest {

    private static final List<Integer> A = List.of(0, 1, 2, 3, 4);
    private static final List<Integer> B = List.of(5, 6, 7, 8, 9);

    @TempDir
    Path runs;

    private static RunConfig onClasses(List<Integer> classes, TransferSpec transfer) {
        return new RunConfig("mnist", CnnSpec.BASELINE, OptimizerSpec.paperDefault("adam"), 128, 1, 11, 1024, 500,
                1, RunConfig.NUMERICS, classes, transfer);
    }

    private RunResult train(RunConfig config) throws IOException {
        return new Trainer(TestData.mnist(), CnnSpec.RuntimeOptions.DEFAULT, "test", Path.of(""), TrainingProgress.NONE)
                .run(config, RunDirectory.of(runs, config));
    }

    private static INDArray params(RunResult r, int epoch, int layer) throws IOException {
        MultiLayerNetwork net = r.dir().checkpoints().load(epoch);
        return net.getLayer(layer).params();
    }

    @Test
    void copiedLayersCountBlocksThenTheDenseLayer() {
        RunConfig base = onClasses(A, null);
        assertEquals(2, new TransferSpec(base, 1, true).copiedLayers(CnnSpec.BASELINE)); // conv1, pool1
        assertEquals(4, new TransferSpec(base, 2, true).copiedLayers(CnnSpec.BASELINE)); // + conv2, pool2
        assertEquals(5, new TransferSpec(base, 3, true).copiedLayers(CnnSpec.BASELINE)); // + dense
        assertEquals("dense", new TransferSpec(base, 3, true).cutName(CnnSpec.BASELINE));
        var e = assertThrows(IllegalArgumentException.class, () -> onClasses(B, new TransferSpec(base, 4, true)));
        assertEquals("transfer: cut = 4 is outside 1..3 for a network of 2 blocks (the last cut is after the dense layer)",
                e.getMessage());
        var chained = assertThrows(IllegalArgumentException.class,
                () -> new TransferSpec(onClasses(B, new TransferSpec(base, 1, true)), 1, true));
        assertTrue(chained.getMessage().endsWith("is itself a transfer run; a base must be trained from scratch"));
        RunConfig otherModel = new RunConfig("mnist", CnnSpec.BASELINE.withDropout(0), OptimizerSpec.paperDefault("adam"),
                128, 1, 11, 1024, 500, 1, RunConfig.NUMERICS, A, null);
        var mismatch = assertThrows(IllegalArgumentException.class, () -> onClasses(B, new TransferSpec(otherModel, 1, true)));
        assertTrue(mismatch.getMessage().contains("must have the transfer run's dataset and architecture"), mismatch.getMessage());
    }

    @Test
    void classesAreValidatedAndLeaveOldRunIdsAlone() throws IOException {
        var bad = assertThrows(IllegalArgumentException.class, () -> onClasses(List.of(5, 3), null));
        assertEquals("classes = [5, 3] must be distinct labels 0..9 in ascending order", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> onClasses(List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> onClasses(List.of(4, 10), null));
        // a committed record of a run on all classes keeps its id: the new fields are left out of the JSON when null
        Path recorded = Path.of("..", "results", "runs", "mnist");
        try (var dirs = Files.list(recorded)) {
            for (Path d : dirs.sorted().toList()) {
                RunConfig c = Json.read(d.resolve("config.json"), RunConfig.class);
                assertEquals(d.getFileName().toString(), c.runId(), "run id of " + d);
                assertEquals(c.classes() == null, !Json.canonical(c).contains("classes"), "classes of " + d);
            }
        }
        RunConfig onB = onClasses(B, null);
        assertTrue(Json.canonical(onB).contains("\"classes\":[5,6,7,8,9]"));
        assertEquals(onB, Json.JSON.readValue(Json.pretty(onB), RunConfig.class));
        assertNotEquals(onB.runId(), onClasses(null, null).runId());
    }

    @Test
    void frozenTransferKeepsCopiedLayersAndTrainsTheRest() throws IOException {
        RunConfig baseA = onClasses(A, null);
        RunConfig anb = onClasses(B, new TransferSpec(baseA, 3, true));
        assertEquals(anb, Json.JSON.readValue(Json.pretty(anb), RunConfig.class));
        RunResult transfer = train(anb); // trains base A on the way
        RunResult base = RunResult.load(baseA, RunDirectory.of(runs, baseA));
        assertEquals("completed", base.status().state());
        for (int layer : new int[]{0, 2, 4}) { // conv1, conv2, dense: copied, then frozen through the epoch
            assertEquals(params(base, 1, layer), params(transfer, 0, layer), "layer " + layer + " copied");
            assertEquals(params(base, 1, layer), params(transfer, 1, layer), "layer " + layer + " frozen");
        }
        // the softmax layer starts from the transfer run's own seed (= a fresh network's) and trains
        assertNotEquals(params(base, 1, 5), params(transfer, 0, 5));
        assertNotEquals(params(transfer, 0, 5), params(transfer, 1, 5));
        // on B's digits only: a frozen dense layer trained on A still supports a readout well above B's chance of 20 %
        // only the softmax layer trains: 8 mini-batches lower the loss on B's images, from a start far above
        // ln 10 (the trained dense features are large and the fresh softmax sees them unscaled)
        assertTrue(value(transfer, 1, Trainer.TRAIN_EVAL, "loss") < value(transfer, 0, Trainer.TRAIN_EVAL, "loss") - 0.5,
                transfer.metrics().printAll());
        // base A never saw B: on B's test images it scores 0 (its softmax only learned to output 0-4)
        var baseOnB = Evaluation.of(base.dir().checkpoints().load(1), TestData.mnist().test().ofClasses(5, 6, 7, 8, 9),
                500, new InputLayout(CnnSpec.RuntimeOptions.DEFAULT.dataFormat()));
        assertTrue(baseOnB.accuracy() < 0.05, "base A on B " + baseOnB.accuracy());
        assertTrue(base.finalValue("test", "accuracy") > 0.9, "base A on A " + base.finalValue("test", "accuracy"));
    }

    @Test
    void fineTunedTransferMovesCopiedLayers() throws IOException {
        RunConfig baseB = onClasses(B, null);
        RunConfig bnbPlus = onClasses(B, new TransferSpec(baseB, 1, false));
        RunResult transfer = train(bnbPlus);
        RunResult base = RunResult.load(baseB, RunDirectory.of(runs, baseB));
        assertEquals(params(base, 1, 0), params(transfer, 0, 0), "conv1 copied");
        assertNotEquals(params(transfer, 0, 0), params(transfer, 1, 0), "conv1 fine-tuned");
        // conv2 is above the cut: it starts where a fresh network of the same seed starts, i.e. base B's epoch 0
        assertEquals(params(base, 0, 2), params(transfer, 0, 2));
        // evaluated on B's digits only (chance 20 %): base B's own first block plus 8 mini-batches
        assertTrue(transfer.finalValue("test", "accuracy") > 0.6, "BnB+ on B " + transfer.finalValue("test", "accuracy"));
    }

    private static double value(RunResult r, int epoch, String split, String metric) {
        var m = r.metrics();
        return m.where(m.intColumn("epoch").isEqualTo(epoch).and(m.stringColumn("split").isEqualTo(split))
                .and(m.stringColumn("metric").isEqualTo(metric))).doubleColumn("value").get(0);
    }
}
