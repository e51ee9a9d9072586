package org.mnistdynamics.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A non-finite evaluation metric fails the run like a non-finite training loss (issue 14, point 4). Injected: after
 * the initial evaluation, the validation images the run evaluates turn to NaN (a private copy of the split), so the
 * network's output on them, and with it {@link Evaluation}'s clipped loss, is NaN while training stays finite.
 * Before the check the run was recorded "completed" with an empty loss cell that {@code MetricsTable.read} rejects.
 */
class NonFiniteEvaluationTest {

    @TempDir
    Path runs;

    @Test
    void nanValidationLossFailsTheRunAndKeepsEarlierCheckpoints() throws IOException {
        DatasetSplits mnist = TestData.mnist();
        Split validation = new Split(mnist.validation().name(), mnist.validation().pixels().clone(),
                mnist.validation().labels());
        DatasetSplits data = new DatasetSplits(mnist.spec(), mnist.train(), validation, mnist.test());
        RunConfig config = new RunConfig("mnist", CnnSpec.BASELINE, OptimizerSpec.paperDefault("adam"), 128, 2, 5, 512, 500);
        RunDirectory dir = RunDirectory.of(runs, config);
        Trainer trainer = new Trainer(data, CnnSpec.RuntimeOptions.DEFAULT, "test", Path.of(""), new TrainingProgress() {
            @Override
            public void epochDone(int epoch, List<MetricRow> metrics) {
                if (epoch == 0) {
                    Arrays.fill(validation.pixels(), 0, 500 * Split.IMAGE_PIXELS, Float.NaN);
                }
            }
        });

        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> trainer.run(config, dir));

        assertTrue(e.getMessage().contains("non-finite validation loss (NaN) after epoch 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Checkpoints up to epoch 0 are intact"), e.getMessage());
        RunStatus status = dir.status().orElseThrow();
        assertEquals("failed", status.state());
        assertEquals(0, status.epochsCompleted());
        assertEquals(1, dir.checkpoints().validChain().size(), "the initial checkpoint is intact, epoch 1 not written");
        // metrics.csv holds only finite values, so the project's own reader accepts it as it is
        MetricsTable.rows(MetricsTable.read(dir.metricsFile()))
                .forEach(r -> assertTrue(Double.isFinite(r.value()), r.toString()));
    }
}
