package org.mnistdynamics.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.train.MetricRow;
import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.TrainingProgress;
import org.mnistdynamics.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RunRecordsTest {

    @TempDir
    Path root;

    private static final RunConfig TINY = new RunConfig("mnist", new CnnSpec(2, 0.25, 3, 0.5),
            OptimizerSpec.paperDefault("adam"), 128, 1, 5, 512, 256);

    private static List<MetricRow> withoutTimes(RunResult r) {
        return MetricsTable.rows(r.metrics()).stream().filter(m -> !m.metric().equals("epoch_seconds")).toList();
    }

    @Test
    void aCommittedRecordCountsAsFinishedAndCheckpointsAreRetrainedIdentically() throws IOException {
        ProjectPaths paths = TestData.scratchProject(root);
        Experiments experiments = new Experiments(paths, Profile.SMOKE, CnnSpec.RuntimeOptions.DEFAULT);
        RunResult trained = experiments.runAndRecord(TINY, TrainingProgress.NONE);
        RunDirectory record = experiments.records().directory(TINY);
        assertEquals(paths.runs().resolve("results-smoke/runs/mnist/" + TINY.runId()), record.path());
        for (String f : List.of("config.json", "metrics.csv", "provenance.json", "status.json")) {
            assertTrue(Files.isRegularFile(record.path().resolve(f)), f);
        }
        assertFalse(Files.exists(record.path().resolve("checkpoints")), "records never hold checkpoints");

        // A new machine: the runs folder is gone, the committed record is there.
        Path runDir = RunDirectory.of(paths.runs(), TINY).path();
        org.apache.commons.io.FileUtils.deleteDirectory(runDir.toFile());
        RunResult fromRecord = experiments.run(TINY, TrainingProgress.NONE);
        assertEquals(record.path(), fromRecord.dir().path());
        assertFalse(Files.exists(runDir), "a recorded run is not trained again");
        assertEquals(MetricsTable.rows(trained.metrics()), MetricsTable.rows(fromRecord.metrics()));

        // An analysis needs checkpoints: the run is trained again, deterministically.
        RunResult again = experiments.runWithCheckpoints(TINY, TrainingProgress.NONE);
        assertTrue(Files.exists(runDir.resolve("checkpoints/epoch-001.zip")));
        assertEquals(withoutTimes(trained), withoutTimes(again));

        // --retrain ignores the record.
        org.apache.commons.io.FileUtils.deleteDirectory(runDir.toFile());
        new Experiments(paths, Profile.SMOKE, CnnSpec.RuntimeOptions.DEFAULT, true).run(TINY, TrainingProgress.NONE);
        assertTrue(Files.exists(runDir.resolve("status.json")));
    }

    @Test
    void aRetrainForCheckpointsKeepsTheCommittedRecordAndItsTimings() throws IOException {
        ProjectPaths paths = TestData.scratchProject(root);
        Experiments experiments = new Experiments(paths, Profile.SMOKE, CnnSpec.RuntimeOptions.DEFAULT);
        RunResult trained = experiments.runAndRecord(TINY, TrainingProgress.NONE);
        RunDirectory record = experiments.records().directory(TINY);
        Path runDir = RunDirectory.of(paths.runs(), TINY).path();
        String clean = "0123456789abcdef0123456789abcdef01234567";
        String provenance = Files.readString(trained.dir().provenanceFile())
                .replaceFirst("\"gitCommit\" : \"[^\"]*\"", "\"gitCommit\" : \"" + clean + "\"");
        Files.writeString(record.provenanceFile(), provenance);
        // Mark the committed timings so that a rewrite would show.
        String committed = Files.readString(record.metricsFile()).replaceAll("(,train,epoch_seconds,)[^\n]*", "$1123.0");
        Files.writeString(record.metricsFile(), committed);

        org.apache.commons.io.FileUtils.deleteDirectory(runDir.toFile());
        RunResult retrained = experiments.runWithCheckpoints(TINY, TrainingProgress.NONE);
        assertFalse(experiments.records().save(retrained), "an equal clean record is kept");
        assertEquals(committed, Files.readString(record.metricsFile()));
        assertTrue(Files.readString(record.provenanceFile()).contains(clean));

        // A record with a -dirty provenance is replaced by the clean retrain's (same measurements).
        Files.writeString(record.provenanceFile(), provenance.replace(clean, clean + "-dirty"));
        assertTrue(experiments.records().save(retrained));
        assertEquals(Files.readString(retrained.dir().provenanceFile()), Files.readString(record.provenanceFile()));
        assertEquals(Files.readString(retrained.dir().metricsFile()), Files.readString(record.metricsFile()));

        // A record whose measurements differ is replaced too (never left beside checkpoints that disagree with it).
        Files.writeString(record.provenanceFile(), provenance);
        Files.writeString(record.metricsFile(), committed.replaceFirst(",test,accuracy,[^\n]*", ",test,accuracy,0.5"));
        assertTrue(experiments.records().save(retrained));
        assertEquals(Files.readString(retrained.dir().metricsFile()), Files.readString(record.metricsFile()));
    }

    @Test
    void damagedOrForeignRecordsAreNamedAndStaleOnesNeverMatch() throws IOException {
        RunRecords records = new RunRecords(root.resolve("records"));
        RunDirectory dir = records.directory(TINY);
        Files.createDirectories(dir.path());
        Files.writeString(dir.configFile(), Json.canonical(TINY));
        Files.writeString(dir.statusFile(), "{\"state\":\"completed\",\"epochsCompleted\":1,\"message\":\"\"}");
        var rows = new java.util.ArrayList<MetricRow>();
        for (String split : List.of("validation", "test")) {
            rows.add(new MetricRow(TINY.runId(), 5, 0, split, "accuracy", 0.1));
        }
        rows.add(new MetricRow(TINY.runId(), 5, 1, "validation", "accuracy", 0.9));
        MetricsTable.write(MetricsTable.of("m", rows), dir.metricsFile());
        IOException truncated = assertThrows(IOException.class, () -> records.find(TINY));
        assertTrue(truncated.getMessage().contains(dir.metricsFile() + ": record of run " + TINY.runId()
                + " has no test accuracy for epoch 1 of 1"), truncated.getMessage());

        Files.writeString(dir.statusFile(), "{\"state\":\"running\",\"epochsCompleted\":0,\"message\":\"\"}");
        assertTrue(assertThrows(IOException.class, () -> records.find(TINY)).getMessage()
                .contains("a record must be of a completed run of 1 epochs"));

        // A config.json written before the numerics field existed reads as version 1: another run id, never found.
        String old = Json.canonical(TINY).replace(",\"numerics\":" + RunConfig.NUMERICS, "");
        RunConfig legacy = Json.JSON.readValue(old, RunConfig.class);
        assertEquals(1, legacy.numerics());
        assertFalse(legacy.current());
        assertNotEquals(TINY.runId(), legacy.runId());
        assertTrue(records.find(legacy).isEmpty());
    }
}
