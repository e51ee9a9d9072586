package org.mnistdynamics.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ExperimentPlanTest {

    @TempDir
    Path tmp;

    @Test
    void transferPlanPairsEachTransferRunWithItsSeedsBase() throws IOException {
        ExperimentPlan plan = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/transfer.yaml"));
        var full = plan.resolve(Profile.FULL);
        assertEquals(14 * 5, full.size()); // 2 bases + 3 cuts x (BnB, BnB+, AnB, AnB+), 5 seeds
        assertEquals(70, full.stream().map(r -> r.config().runId()).distinct().count());
        var baseA43 = full.stream().filter(r -> r.label().equals("base A") && r.seed() == 43).findFirst().orElseThrow();
        var anb43 = full.stream().filter(r -> r.label().equals("AnB 2") && r.seed() == 43).findFirst().orElseThrow();
        assertEquals(List.of(0, 1, 2, 3, 4), baseA43.config().classes());
        assertEquals(List.of(5, 6, 7, 8, 9), anb43.config().classes());
        assertEquals(baseA43.config(), anb43.config().transfer().base());
        assertEquals(2, anb43.config().transfer().cut());
        assertTrue(anb43.config().transfer().frozen());
        assertFalse(full.stream().filter(r -> r.label().equals("AnB+ 2")).findFirst().orElseThrow().config().transfer().frozen());
        assertEquals(4, anb43.config().epochs());
        // bases come first, so that one worker never waits for a base
        assertEquals(List.of("base A", "base B"), full.subList(0, 10).stream().map(ExperimentPlan.ResolvedRun::label).distinct().toList());
        // a transfer run's base must be an earlier run of the plan
        Path bad = tmp.resolve("t.yaml");
        Files.writeString(bad, """
                name: t
                seeds: [1, 2]
                runs:
                  - {label: AnB 1, optimizer: {name: adam}, classes: [5, 6], transfer: {base: base A, cut: 1, frozen: true}}
                """);
        IOException e = assertThrows(IOException.class, () -> ExperimentPlan.read(bad));
        assertEquals(bad + ": run 'AnB 1': transfer base 'base A' is not an earlier run of the plan (runs so far: [])",
                e.getMessage());
    }

    @Test
    void optimizersPlanResolvesUnderEachProfile() throws IOException {
        ExperimentPlan plan = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/optimizers.yaml"));
        assertEquals(List.of("SGD", "SGD + momentum", "RMSProp", "Adam"), plan.runs().stream().map(ExperimentPlan.PlanRun::label).toList());
        var full = plan.resolve(Profile.FULL);
        // 4 optimizers x 5 seeds, configuration-major; the first seed is 42 so that earlier single-seed runs count
        assertEquals(20, full.size());
        assertEquals(List.of(42L, 43L, 44L, 45L, 46L), full.subList(0, 5).stream().map(ExperimentPlan.ResolvedRun::seed).toList());
        assertEquals(20, full.stream().map(r -> r.config().runId()).distinct().count());
        assertEquals("SGD", full.get(4).label());
        assertEquals("SGD + momentum", full.get(5).label());
        assertEquals(3, plan.resolve(Profile.QUICK).size() / 4);
        assertEquals(2, plan.resolve(Profile.SMOKE).size() / 4);
        assertEquals(1, full.get(0).config().threads());
        assertEquals(org.mnistdynamics.train.RunConfig.NUMERICS, full.get(0).config().numerics());
        // both plans declare the same seeds
        assertEquals(plan.seeds(), ExperimentPlan.read(TestData.projectRoot().resolve("experiments/architecture.yaml")).seeds());
        full = full.stream().filter(r -> r.seed() == 42).toList();
        assertEquals(20, full.get(0).config().epochs());
        assertEquals(55_000, full.get(0).config().trainImages());
        assertEquals(128, full.get(0).config().batchSize());
        assertEquals(CnnSpec.BASELINE, full.get(3).config().model());
        assertEquals(0.001, full.get(3).config().optimizer().learningRate());
        assertEquals(0.01, full.get(1).config().optimizer().learningRate());
        var smoke = plan.resolve(Profile.SMOKE).stream().filter(r -> r.seed() == 42).toList();
        assertEquals(2, smoke.get(0).config().epochs());
        assertEquals(2048, smoke.get(0).config().trainImages());
    }

    private IOException readError(String yaml) throws IOException {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, yaml);
        return assertThrows(IOException.class, () -> ExperimentPlan.read(file));
    }

    @Test
    void badPlansAreRejectedBeforeTrainingWithFieldValueAndRange() throws IOException {
        String head = "name: bad\nseeds: [1, 2]\nruns:\n  - label: x\n";
        assertTrue(readError(head + "    optimizer: {name: adam, learningRate: -1}\n").getMessage()
                .contains("optimizer.learningRate = -1.0 is outside the allowed range (0, 10]"));
        assertTrue(readError(head + "    optimizer: {name: adamw}\n").getMessage()
                .contains("optimizer.name = 'adamw' is not one of"));
        assertTrue(readError(head + "    optimizer: {name: adam, schedule: {type: linear}}\n").getMessage()
                .contains("schedule.type = 'linear' is not one of"));
        assertTrue(readError(head + "    optimizer: {name: adam}\n    model: {depth: 0, width: 1, kernelSize: 3, dropout: 0.5}\n")
                .getMessage().contains("model.depth = 0 is outside the allowed range 1..3"));
        assertTrue(readError(head + "    optimizer: {name: adam}\n    model: {depth: 2, width: 1, kernelSize: 3, dropout: 1.5}\n")
                .getMessage().contains("model.dropout = 1.5 is outside the allowed range [0, 1)"));
        assertTrue(readError("name: bad\nseeds: [1, 2]\nbatchSize: 0\nruns:\n  - label: x\n    optimizer: {name: adam}\n").getMessage()
                .contains("batchSize = 0 is outside the allowed range"));
        assertTrue(readError("name: bad\nseeds: [1, 2]\nbatchSize: 60000\nruns:\n  - label: x\n    optimizer: {name: adam}\n").getMessage()
                .contains("batchSize = 60000 is outside the allowed range 1..55000"));
        assertTrue(readError("name: bad\nseeds: [1, 2]\nrunz: []\n").getMessage().contains("runz"));
        assertTrue(readError("name: bad\nseeds: [1, 2]\nruns:\n  - label: x\n    optimizer: {name: adam}\n  - label: x\n    optimizer: {name: sgd}\n")
                .getMessage().contains("run label 'x' is missing or repeated"));
        assertTrue(readError("name: bad\nseeds: [1, 2]\nthreads: 0\nruns:\n  - label: x\n    optimizer: {name: adam}\n")
                .getMessage().contains("threads = 0 is outside the allowed range 1..256"));
        assertTrue(readError("name: bad\nruns: [\n").getMessage().contains("bad.yaml"));
        IOException missing = assertThrows(IOException.class, () -> ExperimentPlan.read(tmp.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("nope.yaml: experiment file does not exist or is not readable"));
        Files.writeString(tmp.resolve("optimizers.yaml"), "name: optimizers\n");
        Files.writeString(tmp.resolve("architecture.yaml"), "name: architecture\n");
        IOException listed = assertThrows(IOException.class, () -> ExperimentPlan.read(tmp.resolve("nope.yaml")));
        // bad.yaml is the file the checks above wrote
        assertTrue(listed.getMessage().endsWith("; plans there: architecture, bad, optimizers"), listed.getMessage());
    }
}
