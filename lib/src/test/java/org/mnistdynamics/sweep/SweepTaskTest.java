package org.mnistdynamics.sweep;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.experiment.ExperimentPlan;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.testing.TestData;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SweepTaskTest {

    @Test
    void plansExpandSeedBySeedIntoDistinctRuns() throws IOException {
        ExperimentPlan optimizers = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/optimizers.yaml"));
        ExperimentPlan architecture = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/architecture.yaml"));
        List<SweepTask> tasks = SweepTask.expand(List.of(optimizers, architecture), Profile.FULL);
        assertEquals(4 * 5 + 8 * 5, tasks.size());
        assertEquals(640, tasks.stream().mapToInt(t -> t.config().epochs()).sum()); // 4 x 5 x 20 + 8 x 5 x 6
        // seed 42 for all 12 configurations first (plan order kept), then seed 43, ...
        assertEquals("optimizers: SGD, seed 42", tasks.get(0).describe());
        assertEquals("architecture: depth 1, seed 42", tasks.get(4).describe());
        assertEquals("optimizers: SGD, seed 43", tasks.get(12).describe());
        assertEquals(60, tasks.stream().map(SweepTask::runId).distinct().count());
        // a configuration listed in two plans is one run
        assertEquals(4, SweepTask.expand(List.of(optimizers, optimizers), Profile.SMOKE).size() / 2);
    }

    @Test
    void seedsCanBeChosenWithoutEditingThePlan() throws IOException {
        ExperimentPlan optimizers = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/optimizers.yaml"));
        ExperimentPlan architecture = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/architecture.yaml"));
        List<SweepTask> all = SweepTask.expand(List.of(optimizers, architecture), Profile.FULL);
        List<SweepTask> two = SweepTask.onlySeeds(all, List.of(44L, 46L));
        assertEquals(2 * 12, two.size()); // 4 optimizer and 8 architecture runs per seed
        assertEquals("optimizers: SGD, seed 44", two.get(0).describe()); // seed order kept
        assertEquals("optimizers: SGD, seed 46", two.get(12).describe());
        var e = assertThrows(IllegalArgumentException.class, () -> SweepTask.onlySeeds(all, List.of(44L, 7L)));
        assertTrue(e.getMessage().contains("seed 7") && e.getMessage().contains("[42, 43, 44, 45, 46]"), e.getMessage());
        // the smoke profile has the first two seeds only
        var smoke = SweepTask.expand(List.of(optimizers), Profile.SMOKE);
        assertThrows(IllegalArgumentException.class, () -> SweepTask.onlySeeds(smoke, List.of(44L)));
    }

    @Test
    void workerLayoutDefaultsToOneSingleThreadedWorkerPerCoreWithinMemory() {
        long gib = 1L << 30;
        assertEquals(new WorkerLayout(2, 1), WorkerLayout.choose(2, 24 * gib, null, null));
        assertEquals(new WorkerLayout(2, 1), WorkerLayout.choose(8, 8 * gib, null, null)); // 3 GiB per worker
        assertEquals(new WorkerLayout(1, 2), WorkerLayout.choose(2, 24 * gib, null, 2));
        assertEquals(new WorkerLayout(3, 1), WorkerLayout.choose(2, 24 * gib, 3, null));
        assertEquals("--workers = 0 is outside the allowed range 1..256",
                assertThrows(IllegalArgumentException.class, () -> WorkerLayout.choose(2, gib, 0, null)).getMessage());
        assertEquals("--threads = -1 is outside the allowed range 1..256",
                assertThrows(IllegalArgumentException.class, () -> WorkerLayout.choose(2, gib, null, -1)).getMessage());
    }
}
