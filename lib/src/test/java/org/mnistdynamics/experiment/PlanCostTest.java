package org.mnistdynamics.experiment;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.train.MetricRow;
import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.RunStatus;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** A plan's cost from its records' epoch timings, worked out by hand. */
class PlanCostTest {

    @Test
    void sumsAndMediansEpochSecondsOfFinishedRuns() throws IOException {
        ExperimentPlan plan = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/optimizers.yaml"));
        var resolved = plan.resolve(Profile.FULL).subList(0, 3);
        double[][] seconds = {{10, 20}, {30}, {}};
        List<PlanResult.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var r = resolved.get(i);
            String id = r.config().runId();
            Optional<RunResult> result = Optional.empty();
            if (seconds[i].length > 0) {
                List<MetricRow> rows = new ArrayList<>();
                for (int e = 0; e < seconds[i].length; e++) {
                    rows.add(new MetricRow(id, r.seed(), e + 1, "train", "epoch_seconds", seconds[i][e]));
                    rows.add(new MetricRow(id, r.seed(), e + 1, "test", "accuracy", 0.9));
                }
                result = Optional.of(new RunResult(r.config(), new RunDirectory(Path.of("unused")),
                        MetricsTable.of(id, rows), new RunStatus("completed", seconds[i].length, "")));
            }
            outcomes.add(new PlanResult.Outcome(r.label(), r.seed(), id, result,
                    result.isPresent() ? Optional.empty() : Optional.of("not finished yet")));
        }
        Table t = PlanCost.of(List.of(new PlanResult(plan, Profile.FULL, outcomes)), 2);
        assertEquals(1, t.rowCount());
        assertEquals("mnist", t.stringColumn("dataset").get(0));
        assertEquals("optimizers", t.stringColumn("plan").get(0));
        assertEquals(2, t.intColumn("runs").get(0));
        assertEquals(1, t.intColumn("runs_missing").get(0));
        assertEquals(3, t.intColumn("epochs").get(0));
        assertEquals(20.0, t.doubleColumn("epoch_seconds_median").get(0), 1e-12); // median of 10, 20, 30
        assertEquals(60.0 / 3600, t.doubleColumn("core_hours").get(0), 1e-12);
        assertEquals(30.0 / 3600, t.doubleColumn("wall_hours_at_workers").get(0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> PlanCost.of(List.of(), 0));
    }
}
