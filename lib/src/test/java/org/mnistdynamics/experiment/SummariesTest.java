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

    /** A plan's outcome where each label in {@code validation} has one finished run with that final accuracy. */
    private static PlanResult plan(String name, java.util.Map<String, Double> validation) throws java.io.IOException {
        ExperimentPlan p = ExperimentPlan.read(org.mnistdynamics.testing.TestData.projectRoot().resolve("experiments/" + name + ".yaml"));
        var outcomes = new java.util.ArrayList<PlanResult.Outcome>();
        for (String label : p.resolve(Profile.FULL).stream().map(ExperimentPlan.ResolvedRun::label).distinct().toList()) {
            Double v = validation.get(label);
            outcomes.add(new PlanResult.Outcome(label, 42, label, v == null ? java.util.Optional.empty()
                    : java.util.Optional.of(run(v)), java.util.Optional.empty()));
        }
        return new PlanResult(p, Profile.FULL, outcomes);
    }

    @Test
    void bestOnValidationIsTheHighestMeanInPlanOrderAndATieKeepsTheFirst() throws java.io.IOException {
        // RMSProp has no finished run; SGD + momentum and Adam tie at 0.99: the first in plan order wins.
        PlanResult optimizers = plan("optimizers", java.util.Map.of("SGD", 0.98, "SGD + momentum", 0.99, "Adam", 0.99));
        Summaries.Best best = Summaries.bestOnValidation(List.of(optimizers)).orElseThrow();
        assertEquals("SGD + momentum", best.label());
        assertEquals(0.99, best.validation().mean(), 0.0);
        assertSame(optimizers, best.plan());
        // A later plan wins only when strictly higher: depth 1 ties (0.99), depth 3 beats it (0.995).
        PlanResult tie = plan("architecture", java.util.Map.of("depth 1", 0.99));
        assertEquals("SGD + momentum", Summaries.bestOnValidation(List.of(optimizers, tie)).orElseThrow().label());
        PlanResult higher = plan("architecture", java.util.Map.of("depth 1", 0.99, "depth 3", 0.995));
        best = Summaries.bestOnValidation(List.of(optimizers, higher)).orElseThrow();
        assertEquals("depth 3", best.label());
        assertSame(higher, best.plan());
        assertTrue(Summaries.bestOnValidation(List.of(plan("optimizers", java.util.Map.of()))).isEmpty());
    }
}
