package org.mnistdynamics.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.TrainingProgress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ExperimentsTest {

    @TempDir
    Path root;

    @Test
    void aDivergingRunFailsAndThePlanGoesOn() throws IOException {
        ProjectPaths paths = TestData.scratchProject(root);
        Files.writeString(root.resolve("experiments/mixed.yaml"), """
                name: mixed
                seeds: [3]
                intervals: false
                epochs: 1
                runs:
                  - label: too hot
                    optimizer: {name: rmsprop, learningRate: 10, schedule: {type: none}}
                  - label: Adam
                    optimizer: {name: adam}
                """);
        Experiments experiments = new Experiments(paths, Profile.SMOKE, CnnSpec.RuntimeOptions.DEFAULT);
        PlanResult result = experiments.reproduce(experiments.plan("mixed"), TrainingProgress.NONE);
        assertFalse(result.allCompleted(), () -> "the rmsprop lr 10 run should diverge: " + result.run("too hot").metrics().print());
        assertTrue(result.runs().get(0).error().orElseThrow().contains("diverged: mean training loss"));
        assertTrue(result.run("Adam").finalValue("validation", "accuracy") > 0.5);

        Path csv = ResultsWriter.write(result, paths.results(Profile.SMOKE));
        assertEquals(root.resolve("runs/results-smoke/mixed.csv"), csv);
        assertEquals(MetricsTable.read(csv).rowCount(), result.run("Adam").metrics().rowCount());
        String provenance = Files.readString(csv.resolveSibling("mixed-provenance.json"));
        assertTrue(provenance.contains("\"label\" : \"too hot\"") && provenance.contains("\"state\" : \"failed\""), provenance);
    }
}
