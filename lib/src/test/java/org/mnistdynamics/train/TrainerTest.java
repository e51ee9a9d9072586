package org.mnistdynamics.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Training on real MNIST: accuracy, resume identity (shared case 03), divergence (case 09), the run cache. */
class TrainerTest {

    @TempDir
    Path runs;

    static RunConfig small(String optimizer, int epochs) {
        return new RunConfig("mnist", CnnSpec.BASELINE, OptimizerSpec.paperDefault(optimizer), 128, epochs, 7, 1024, 500);
    }

    private Trainer trainer(TrainingProgress progress) {
        return new Trainer(TestData.mnist(), CnnSpec.RuntimeOptions.DEFAULT, "test", Path.of(""), progress);
    }

    /** Simulates a process killed right after a given point (the checkpoint of that epoch is already on disk). */
    static final class Interrupt extends RuntimeException {
    }

    @Test
    void adamLearnsRealMnistAndRecordsEverything() throws IOException {
        RunConfig config = new RunConfig("mnist", CnnSpec.BASELINE, OptimizerSpec.paperDefault("adam"), 128, 1, 1, 4096, 2000);
        RunDirectory dir = RunDirectory.of(runs, config);
        RunResult r = trainer(TrainingProgress.NONE).run(config, dir);
        assertTrue(r.finalValue("validation", "accuracy") > 0.85, "validation accuracy " + r.finalValue("validation", "accuracy"));
        assertTrue(r.finalValue("test", "accuracy") > 0.85);
        assertTrue(r.finalValue("train", "accuracy") > 0.5 && r.finalValue("train", "accuracy") < 1.0);
        assertEquals(0.001, r.finalValue("train", "learning_rate"), 1e-12);
        // initial weights: chance-level accuracy
        Table m = MetricsTable.read(dir.metricsFile());
        double initial = m.where(m.intColumn("epoch").isEqualTo(0).and(m.stringColumn("split").isEqualTo("validation"))
                .and(m.stringColumn("metric").isEqualTo("accuracy"))).doubleColumn("value").get(0);
        assertTrue(initial < 0.3, "initial accuracy " + initial);
        assertEquals(2 * 6 + 4, m.rowCount()); // epoch 0: train_eval+val+test loss/acc; epoch 1: + train loss/acc/lr/seconds
        // train_eval: inference mode on the first min(evalImages, trainImages) = 2,000 training images
        var trainEval = Evaluation.of(r.dir().checkpoints().load(1), TestData.mnist().train(), 2000,
                new InputLayout(CnnSpec.RuntimeOptions.DEFAULT.dataFormat()));
        assertEquals(2000, trainEval.images());
        assertEquals(trainEval.accuracy(), r.finalValue(Trainer.TRAIN_EVAL, "accuracy"), 0.0);
        // The loss is a float32 mean over 2,000 images; this JVM evaluates with 2 threads, the run with 1, so the sums run
        // in another order: equal to float32 rounding (2e-9 apart on an AMD EPYC, identical on an Intel Xeon), not bit for bit.
        assertEquals(trainEval.loss(), r.finalValue(Trainer.TRAIN_EVAL, "loss"), 1e-6 * trainEval.loss());
        // this test JVM computes with 2 threads; the run asked for 1 and the JVM got its own count back afterwards
        assertEquals(1, config.threads());
        assertEquals("1", dir.provenance().orElseThrow().backend().get("omp.threads"));
        for (String f : List.of("config.json", "metrics.csv", "provenance.json", "status.json", "checkpoints/epoch-000.zip",
                "checkpoints/epoch-000.json", "checkpoints/epoch-001.zip", "checkpoints/epoch-001.json")) {
            assertTrue(Files.exists(dir.path().resolve(f)), f);
        }
        Provenance p = dir.provenance().orElseThrow();
        assertNotNull(p.endTime());
        assertEquals("1.0.0-M2.1", p.libraries().get("deeplearning4j"));
        assertFalse(p.backend().get("variant").isEmpty());
        assertEquals(dir.path().getParent().getFileName().toString(), "mnist");
        assertTrue(dir.path().getFileName().toString().startsWith("adam-"));
    }

    @Test
    void resumedRunIsIdenticalToUninterruptedRun() throws IOException {
        RunConfig config = small("adam", 3);
        Path a = runs.resolve("a");
        Path b = runs.resolve("b");
        RunResult straight = trainer(TrainingProgress.NONE).run(config, RunDirectory.of(a, config));

        // Killed after the epoch-1 checkpoint ...
        RunDirectory dirB = RunDirectory.of(b, config);
        assertThrows(Interrupt.class, () -> trainer(new TrainingProgress() {
            @Override
            public void epochDone(int epoch, List<MetricRow> metrics) {
                if (epoch == 1) throw new Interrupt();
            }
        }).run(config, dirB));
        // ... then again in the middle of epoch 2.
        assertThrows(Interrupt.class, () -> trainer(new TrainingProgress() {
            @Override
            public void batchDone(int batch, double loss) {
                if (batch == 5) throw new Interrupt();
            }
        }).run(config, dirB));
        assertEquals(2, dirB.checkpoints().validChain().size()); // epochs 0 and 1
        RunResult resumed = trainer(TrainingProgress.NONE).run(config, dirB);

        MultiLayerNetwork x = RunDirectory.of(a, config).checkpoints().load(3);
        MultiLayerNetwork y = dirB.checkpoints().load(3);
        assertEquals(0.0, x.params().sub(y.params()).amaxNumber().doubleValue(), "parameters after resume");
        assertEquals(0.0, x.getUpdater().getStateViewArray().sub(y.getUpdater().getStateViewArray()).amaxNumber().doubleValue(),
                "Adam moments after resume");
        assertEquals(withoutWallTime(straight.metrics()), withoutWallTime(resumed.metrics()));
    }

    static List<String> withoutWallTime(Table metrics) {
        return MetricsTable.rows(metrics).stream().filter(r -> !r.metric().equals("epoch_seconds"))
                .map(r -> r.epoch() + " " + r.split() + " " + r.metric() + " " + r.value()).toList();
    }

    @Test
    void divergingRunStopsWithAClearMessageAndKeepsItsCheckpoints() throws IOException {
        RunConfig config = new RunConfig("mnist", CnnSpec.BASELINE, new OptimizerSpec("sgd", 10.0, new ScheduleSpec("none", 1.0, 1)),
                128, 2, 3, 1024, 500);
        RunDirectory dir = RunDirectory.of(runs, config);
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> trainer(TrainingProgress.NONE).run(config, dir));
        assertTrue(e.getMessage().contains("non-finite training loss"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch 1, mini-batch"), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate 10.0"), e.getMessage());
        assertEquals("failed", dir.status().orElseThrow().state());
        assertEquals(1, dir.checkpoints().validChain().size()); // the initial weights are intact
        // asking again reports the recorded failure instead of silently training garbage
        assertTrue(assertThrows(TrainingFailedException.class, () -> trainer(TrainingProgress.NONE).run(config, dir))
                .getMessage().contains("failed earlier"));
    }

    @Test
    void finishedRunIsReturnedWithoutTraining() throws IOException {
        RunConfig config = small("sgd", 1);
        RunDirectory dir = RunDirectory.of(runs, config);
        trainer(TrainingProgress.NONE).run(config, dir);
        AtomicInteger epochs = new AtomicInteger();
        RunResult again = trainer(new TrainingProgress() {
            @Override
            public void epochStarted(String runId, int epoch, int total, int batches) {
                epochs.incrementAndGet();
            }
        }).run(config, dir);
        assertEquals(0, epochs.get());
        assertEquals("completed", again.status().state());
    }

    @Test
    void runIdIsAContentHash() {
        RunConfig a = small("adam", 2);
        assertEquals(a.runId(), small("adam", 2).runId());
        assertNotEquals(a.runId(), small("adam", 3).runId());
        assertTrue(a.runId().matches("adam-[0-9a-f]{12}"));
    }

    @Test
    void badRunSettingsAreNamed() {
        OptimizerSpec adam = OptimizerSpec.paperDefault("adam");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RunConfig("mnist", CnnSpec.BASELINE, adam, 0, 1, 1, 1024, 500))
                .getMessage().contains("batchSize = 0 is outside the allowed range 1..1024"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RunConfig("mnist", CnnSpec.BASELINE, adam, 2048, 1, 1, 1024, 500))
                .getMessage().contains("batchSize = 2048"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RunConfig("emnist", CnnSpec.BASELINE, adam, 128, 1, 1, 1024, 500))
                .getMessage().contains("unknown dataset 'emnist'"));
    }
}
