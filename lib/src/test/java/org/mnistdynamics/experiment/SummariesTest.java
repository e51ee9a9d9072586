package org.mnistdynamics.experiment;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.MetricRow;
import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.RunStatus;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SummariesTest {

    private static RunResult run(double... validationAccuracy) {
        RunConfig c = new RunConfig("mnist", CnnSpec.BASELINE, OptimizerSpec.paperDefault("adam"), 128, validationAccuracy.length, 1, 1000, 100);
        var rows = new java.util.ArrayList<MetricRow>();
        for (int e = 1; e <= validationAccuracy.length; e++) {
            rows.add(new MetricRow(c.runId(), 1, e, "validation", "accuracy", validationAccuracy[e - 1]));
            rows.add(new MetricRow(c.runId(), 1, e, "train", "epoch_seconds", 30));
        }
        return new RunResult(c, new RunDirectory(Path.of("unused")), MetricsTable.of("m", rows), new RunStatus("completed", rows.size(), ""));
    }

    @Test
    void epochsToThresholdIsTheFirstEpochAtOrAboveIt() {
        RunResult r = run(0.97, 0.985, 0.989, 0.9905, 0.989);
        assertEquals(2, Summaries.epochsTo(r, 0.98).getAsInt());
        assertEquals(4, Summaries.epochsTo(r, 0.99).getAsInt());
        assertTrue(Summaries.epochsTo(r, 0.995).isEmpty());
        assertEquals(2.5, Summaries.trainingMinutes(r), 1e-12); // 5 epochs x 30 s
        assertEquals("99.06 %", PaperVariables.percent(0.99055));
        var one = new org.mnistdynamics.stats.ThresholdEpochs(List.of(Summaries.epochsTo(r, 0.99)), 5);
        assertEquals("after 4 epochs", PaperVariables.reaches(one)); // one seed: no interval, an integer
        assertEquals("not within the 5 epochs", PaperVariables.reaches(
                new org.mnistdynamics.stats.ThresholdEpochs(List.of(Summaries.epochsTo(r, 0.995)), 5)));
        assertEquals("55,000", PaperVariables.count(55_000));
    }
}
