package org.mnistdynamics.faults;

import org.mnistdynamics.train.MetricRow;
import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.*;

/** Comparisons of a run that survived a fault with the uninterrupted reference run, and checks for leftovers. */
final class RunAssertions {

    /** The only metric that may differ between two runs of the same configuration: wall time. */
    static final String WALL_TIME_METRIC = "epoch_seconds";

    private RunAssertions() {
    }

    /**
     * Asserts that {@code actual} is the same completed run as {@code expected}: same configuration, the same
     * checkpoints (every epoch's parameters, updater state and DL4J configuration byte for byte, so the maximum
     * absolute parameter difference is 0), the same metric rows in every manifest and in {@code metrics.csv}
     * (except {@value #WALL_TIME_METRIC}, which must be present for the same epochs).
     *
     * @return the number of parameters compared (float values of all checkpoints' coefficients)
     */
    static long assertSameRun(Path expected, Path actual) throws IOException {
        assertEquals(expected.getFileName(), actual.getFileName(), "run id");
        assertEquals(Files.readString(expected.resolve("config.json")), Files.readString(actual.resolve("config.json")));
        RunStatus status = Json.read(actual.resolve("status.json"), RunStatus.class);
        assertTrue(status.completed(), actual + " status " + status);
        assertEquals(Json.read(expected.resolve("status.json"), RunStatus.class), status);

        List<String> checkpoints = checkpointFiles(expected);
        assertEquals(checkpoints, checkpointFiles(actual), "checkpoint files of " + actual);
        long parameters = 0;
        for (String name : checkpoints) {
            Path e = expected.resolve("checkpoints").resolve(name);
            Path a = actual.resolve("checkpoints").resolve(name);
            if (name.endsWith(".zip")) {
                Map<String, byte[]> ez = zipEntries(e);
                Map<String, byte[]> az = zipEntries(a);
                assertEquals(ez.keySet(), az.keySet(), "entries of " + a);
                for (String entry : ez.keySet()) {
                    assertArrayEquals(ez.get(entry), az.get(entry), entry + " of " + a + " differs from the reference");
                }
                parameters += ez.get("coefficients.bin").length / Float.BYTES;
            } else {
                var em = Json.read(e, org.mnistdynamics.train.CheckpointStore.Manifest.class);
                var am = Json.read(a, org.mnistdynamics.train.CheckpointStore.Manifest.class);
                assertEquals(em.epoch(), am.epoch());
                assertEquals(withoutWallTime(em.metrics()), withoutWallTime(am.metrics()), "metrics in " + a);
            }
        }
        List<MetricRow> em = MetricsTable.rows(MetricsTable.read(expected.resolve("metrics.csv")));
        List<MetricRow> am = MetricsTable.rows(MetricsTable.read(actual.resolve("metrics.csv")));
        assertEquals(em.size(), am.size(), "rows of " + actual.resolve("metrics.csv"));
        assertEquals(withoutWallTime(em), withoutWallTime(am), "metrics.csv of " + actual);
        return parameters;
    }

    /** @return metric rows without the wall-time rows, whose epochs must still be recorded */
    static List<MetricRow> withoutWallTime(List<MetricRow> rows) {
        List<MetricRow> out = new ArrayList<>();
        for (MetricRow r : rows) {
            if (r.metric().equals(WALL_TIME_METRIC)) {
                assertTrue(r.value() > 0 && Double.isFinite(r.value()), "epoch_seconds " + r);
                out.add(new MetricRow(r.runId(), r.seed(), r.epoch(), r.split(), r.metric(), 0.0));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** @return names of {@code epoch-NNN.zip/json} in a run's {@code checkpoints/}, sorted */
    static List<String> checkpointFiles(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("epoch-\\d{3}\\.(zip|json)")).sorted().toList();
        }
    }

    /** @return the uncompressed entries of a zip file by name */
    static Map<String, byte[]> zipEntries(Path zip) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(z.entries())) {
                out.put(entry.getName(), z.getInputStream(entry).readAllBytes());
            }
        }
        return out;
    }

    /**
     * Asserts that no partial file is left anywhere under {@code root}: no {@code .*.tmp} of an interrupted atomic
     * write, and no {@code *.corrupt} unless a corrupt file was injected.
     *
     * @return the {@code *.corrupt} files found
     */
    static List<Path> assertNoPartialFiles(Path root, boolean corruptAllowed) throws IOException {
        List<Path> tmp = new ArrayList<>();
        List<Path> corrupt = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String n = p.getFileName().toString();
                if (n.endsWith(".tmp")) {
                    tmp.add(p);
                }
                if (n.endsWith(".corrupt")) {
                    corrupt.add(p);
                }
            });
        }
        assertEquals(List.of(), tmp, "temporary files left under " + root);
        if (!corruptAllowed) {
            assertEquals(List.of(), corrupt, "files moved aside as corrupt under " + root + " although none was damaged");
        }
        return corrupt;
    }
}
