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
    void optimizersPlanResolvesUnderEachProfile() throws IOException {
        ExperimentPlan plan = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/optimizers.yaml"));
        assertEquals(List.of("SGD", "SGD + momentum", "RMSProp", "Adam"), plan.runs().stream().map(ExperimentPlan.PlanRun::label).toList());
        var full = plan.resolve(Profile.FULL);
        assertEquals(20, full.get(0).config().epochs());
        assertEquals(55_000, full.get(0).config().trainImages());
        assertEquals(128, full.get(0).config().batchSize());
        assertEquals(CnnSpec.BASELINE, full.get(3).config().model());
        assertEquals(0.001, full.get(3).config().optimizer().learningRate());
        assertEquals(0.01, full.get(1).config().optimizer().learningRate());
        var smoke = plan.resolve(Profile.SMOKE);
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
        String head = "name: bad\nruns:\n  - label: x\n";
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
        assertTrue(readError("name: bad\nbatchSize: 0\nruns:\n  - label: x\n    optimizer: {name: adam}\n").getMessage()
                .contains("batchSize = 0 is outside the allowed range"));
        assertTrue(readError("name: bad\nbatchSize: 60000\nruns:\n  - label: x\n    optimizer: {name: adam}\n").getMessage()
                .contains("batchSize = 60000 is outside the allowed range 1..55000"));
        assertTrue(readError("name: bad\nrunz: []\n").getMessage().contains("runz"));
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
