package org.mnistdynamics.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.experiment.Experiments;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.TrainingProgress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared case 08: a sweep of 8 short runs in one JVM keeps resident memory flat. Resident memory (VmRSS) is read
 * after each run (Experiments.run frees the run's workspaces and asks for a GC); from run 2 (warmed up) to run 8
 * it may grow by at most 300 MiB. Each run is different (seed, width, kernel size), so none comes from the cache.
 */
class SweepMemoryTest {

    @TempDir
    Path root;

    @Test
    void residentMemoryStaysFlatOverEightRuns() throws Exception {
        Experiments experiments = new Experiments(TestData.scratchProject(root), Profile.SMOKE, CnnSpec.RuntimeOptions.DEFAULT);
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            CnnSpec model = new CnnSpec(2, i % 2 == 0 ? 1.0 : 0.5, i % 4 < 2 ? 3 : 5, 0.5);
            RunConfig config = new RunConfig("mnist", model, OptimizerSpec.paperDefault("adam"), 128, 1, 100 + i, 1024, 1000);
            experiments.run(config, TrainingProgress.NONE);
            rss.add(ResidentMemory.currentMiB());
        }
        double growth = rss.get(7) - rss.get(1);
        System.out.printf("SweepMemoryTest: resident MiB after runs 1..8: %s; peak %.0f MiB%n", rss, ResidentMemory.peakMiB());
        assertTrue(growth < 300, "resident memory grew by " + growth + " MiB from run 2 to run 8: " + rss);
    }
}
