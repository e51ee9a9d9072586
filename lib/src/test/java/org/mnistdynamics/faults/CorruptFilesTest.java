package org.mnistdynamics.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.train.CheckpointStore;
import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.util.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 7, item 2: damaged files are detected, reported with their path and what was expected, and handled.
 * Checkpoints: the re-run falls back to the previous good checkpoint and ends identical to the uninterrupted run.
 * {@code metrics.csv}: reported and rebuilt from the checkpoint manifests (byte-identical), or refused where it cannot
 * be rebuilt. Dataset files: training and fetching fail fast, naming the file, and nothing is trained.
 */
class CorruptFilesTest {

    @TempDir
    static Path tmp;

    /** Faults injected by this class, for the closing count. */
    static final int CHECKPOINT_FAULTS = 5;
    static final int METRICS_FAULTS = 9;
    static final int DATASET_FAULTS = 4;

    @BeforeAll
    static void startReference() {
        References.startSingle();
    }

    /** A damage to a completed run's checkpoint, and what the re-run must report and do. */
    private interface Damage {
        void apply(Path checkpoints) throws IOException;
    }

    @TestFactory
    List<DynamicTest> damagedCheckpointFallsBackToPreviousAndEndsIdentical() {
        Map<String, Scenarios.Body> s = new LinkedHashMap<>();
        s.put("bytes flipped in the newest checkpoint zip", () -> checkpoint("flip-newest", 2,
                c -> flip(c.resolve("epoch-002.zip"), 0.5), true, 1));
        s.put("newest checkpoint zip truncated to half", () -> checkpoint("truncate-newest", 2,
                c -> truncate(c.resolve("epoch-002.zip"), 0.5), true, 1));
        s.put("newest checkpoint zip cut by 1 byte", () -> checkpoint("truncate-1-byte", 2,
                c -> truncate(c.resolve("epoch-002.zip"), -1), true, 1));
        s.put("newest manifest truncated", () -> checkpoint("truncate-manifest", 2,
                c -> truncate(c.resolve("epoch-002.json"), 0.5), false, 1));
        s.put("bytes flipped in an older checkpoint (epoch 1 of 2)", () -> checkpoint("flip-older", 1,
                c -> flip(c.resolve("epoch-001.zip"), 0.3), true, 0));
        assertEquals(CHECKPOINT_FAULTS, s.size());
        return Scenarios.parallel(s);
    }

    /**
     * Copies the reference run, damages one checkpoint of epoch {@code epoch}, runs the same command again and checks
     * the report, the fallback and the result.
     */
    private void checkpoint(String name, int epoch, Damage damage, boolean zipDamaged, int resumeAfter) throws Exception {
        FaultProject reference = References.single();
        FaultProject project = FaultProject.create(tmp.resolve(name), false);
        Path refRun = reference.onlyRunDir();
        Path run = project.runs().resolve("mnist").resolve(refRun.getFileName().toString());
        FaultProject.copyTree(refRun, run);
        Path checkpoints = run.resolve("checkpoints");
        CheckpointStore.Manifest manifest = Json.read(checkpoints.resolve(String.format("epoch-%03d.json", epoch)),
                CheckpointStore.Manifest.class);
        damage.apply(checkpoints);

        ChildCli rerun = project.train("rerun").start().awaitSuccess();
        String log = rerun.stderr();
        Path zip = checkpoints.resolve(String.format("epoch-%03d.zip", epoch));
        if (zipDamaged) {
            assertTrue(log.contains(zip + ": checkpoint is corrupt: " + Files.size(zip.resolveSibling(zip.getFileName() + ".corrupt"))
                    + " bytes with SHA-256 "), rerun.describe());
            assertTrue(log.contains("expected " + manifest.sizeBytes() + " bytes with SHA-256 " + manifest.sha256()),
                    "the report must give the recorded size and checksum\n" + rerun.describe());
        } else {
            Path json = checkpoints.resolve(String.format("epoch-%03d.json", epoch));
            assertTrue(log.contains(json + ": unreadable checkpoint manifest") && log.contains("not a valid Manifest JSON file"),
                    rerun.describe());
        }
        assertTrue(log.contains("falling back to the previous checkpoint"), rerun.describe());
        assertTrue(log.contains("Resuming run " + run.getFileName() + " after epoch " + resumeAfter), rerun.describe());
        // The damaged checkpoint and any later one are kept aside for inspection, never used.
        for (int e = epoch; e <= 2; e++) {
            for (String ext : List.of(".zip.corrupt", ".json.corrupt")) {
                assertTrue(Files.exists(checkpoints.resolve(String.format("epoch-%03d", e) + ext)), e + ext);
            }
        }
        RunAssertions.assertSameRun(refRun, run);
        RunAssertions.assertNoPartialFiles(project.runs(), true);
        FaultTally.handled("corrupt checkpoints", name);
    }

    @Test
    void checksumsAreRecordedWhenCheckpointsAreWritten() throws Exception {
        Path checkpoints = References.single().onlyRunDir().resolve("checkpoints");
        for (int e = 0; e <= 2; e++) {
            Path zip = checkpoints.resolve(String.format("epoch-%03d.zip", e));
            var m = Json.read(checkpoints.resolve(String.format("epoch-%03d.json", e)), CheckpointStore.Manifest.class);
            assertEquals(e, m.epoch());
            assertEquals(Files.size(zip), m.sizeBytes(), zip.toString());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(zip))),
                    m.sha256(), zip.toString());
        }
    }

    // ---------------------------------------------------------------- metrics.csv

    /** A damage to metrics.csv: the damaged text from the good one. */
    private interface TextDamage {
        byte[] apply(String good);
    }

    @Test
    void damagedMetricsCsvIsReportedAndRebuiltFromTheManifests() throws Exception {
        Map<String, TextDamage> damages = new LinkedHashMap<>();
        damages.put("header renamed", good -> good.replaceFirst("value", "valeu").getBytes(StandardCharsets.UTF_8));
        damages.put("a value replaced by text", good -> replaceLastValue(good, "abc"));
        damages.put("truncated in the middle of a row", good -> cut(good, good.length() - 7));
        damages.put("truncated at a row boundary (last epoch lost)", good -> cut(good, good.lastIndexOf("\n", good.length() - 2) + 1));
        damages.put("one digit of a value changed", good -> replaceLastValue(good, null));
        damages.put("empty file", good -> new byte[0]);
        damages.put("binary garbage", good -> new byte[] {(byte) 0xff, 0, 1, 2, (byte) 0x80, 10, 13, 0});
        damages.put("deleted", good -> null);
        assertEquals(METRICS_FAULTS - 1, damages.size());

        Path refRun = References.single().onlyRunDir();
        RunConfig config = Json.read(refRun.resolve("config.json"), RunConfig.class);
        byte[] good = Files.readAllBytes(refRun.resolve("metrics.csv"));
        for (var d : damages.entrySet()) {
            Path run = tmp.resolve("metrics-" + d.getKey().replaceAll("[^a-z]", "_")).resolve(refRun.getFileName().toString());
            FaultProject.copyTree(refRun, run);
            Path csv = run.resolve("metrics.csv");
            byte[] damaged = d.getValue().apply(new String(good, StandardCharsets.UTF_8));
            if (damaged == null) {
                Files.delete(csv);
            } else {
                Files.write(csv, damaged);
            }
            String[] log = new String[1];
            RunResult result = captureStderr(log, () -> RunResult.load(config, new RunDirectory(run)));
            System.out.println("metrics.csv " + d.getKey() + " -> " + log[0].strip());
            assertTrue(log[0].contains(csv.toString()), d.getKey() + ": the report must name the file: " + log[0]);
            assertTrue(log[0].contains("expected") || log[0].contains("does not exist")
                            || log[0].contains("with types string, long, int, string, string, double"),
                    d.getKey() + ": the report must say what was expected: " + log[0]);
            assertTrue(log[0].contains("rebuilding it from the checkpoint manifests"), d.getKey() + ": " + log[0]);
            assertArrayEquals(good, Files.readAllBytes(csv), d.getKey() + ": rebuilt metrics.csv differs from the original");
            assertEquals(MetricsTable.rows(MetricsTable.read(refRun.resolve("metrics.csv"))), MetricsTable.rows(result.metrics()),
                    d.getKey());
            RunAssertions.assertNoPartialFiles(run, false);
            FaultTally.handled("damaged metrics.csv", d.getKey() + ": reported and rebuilt identical");
        }
    }

    @Test
    void metricsCsvThatCannotBeRebuiltIsReportedAndKept() throws Exception {
        Path refRun = References.single().onlyRunDir();
        RunConfig config = Json.read(refRun.resolve("config.json"), RunConfig.class);
        Path run = tmp.resolve("metrics-unrebuildable").resolve(refRun.getFileName().toString());
        FaultProject.copyTree(refRun, run);
        Path csv = run.resolve("metrics.csv");
        byte[] damaged = "run_id,seed,epoch,split,metric,value\nadam,x\n".getBytes(StandardCharsets.UTF_8);
        Files.write(csv, damaged);
        // The user freed disk space: the last epoch's manifest (the source of its metrics) is gone.
        Files.delete(run.resolve("checkpoints/epoch-002.json"));
        Files.delete(run.resolve("checkpoints/epoch-002.zip"));
        IOException e = assertThrows(IOException.class, () -> RunResult.load(config, new RunDirectory(run)));
        assertTrue(e.getMessage().contains(csv.toString()) && e.getMessage().contains("cannot be rebuilt"), e.getMessage());
        assertTrue(e.getMessage().contains("epochs 0..1 of 2"), e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(csv), "a file that cannot be rebuilt is left as it was");
        FaultTally.handled("damaged metrics.csv", "garbled while the last manifest is gone: reported, refused, file kept");
    }

    private static byte[] cut(String s, int length) {
        return s.substring(0, length).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Replaces the value of the last epoch's test accuracy by {@code text}, or (null) changes one of its digits so
     * that the file still parses.
     */
    private static byte[] replaceLastValue(String good, String text) {
        int row = good.lastIndexOf(",test,accuracy,");
        int from = row + ",test,accuracy,".length();
        int to = good.indexOf('\n', from);
        String value = good.substring(from, to);
        String replacement = text;
        if (replacement == null) {
            int i = value.length() - 1;
            while (!Character.isDigit(value.charAt(i))) {
                i--;
            }
            char digit = value.charAt(i) == '9' ? '1' : (char) (value.charAt(i) + 1);
            replacement = value.substring(0, i) + digit + value.substring(i + 1);
        }
        return (good.substring(0, from) + replacement + good.substring(to)).getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- dataset files

    @TestFactory
    List<DynamicTest> damagedDatasetFileFailsFastAndNothingIsTrained() {
        Map<String, Scenarios.Body> s = new LinkedHashMap<>();
        s.put("train: one byte flipped in train-labels", () -> dataset("flip-labels", "train-labels-idx1-ubyte",
                f -> flip(f, 0.5), true, "a25bea736e30d166cdddb491f175f624"));
        s.put("train: t10k-images truncated", () -> dataset("truncate-images", "t10k-images-idx3-ubyte",
                f -> truncate(f, 0.5), true, "7840016"));
        s.put("fetch-data: train-images replaced by an HTML page", () -> dataset("html-images", "train-images-idx3-ubyte",
                f -> Files.writeString(f, "<html><body>rate limited</body></html>\n"), false, "47040016"));
        s.put("fetch-data: t10k-labels truncated to 0 bytes", () -> dataset("empty-labels", "t10k-labels-idx1-ubyte",
                f -> Files.write(f, new byte[0]), false, "10008"));
        assertEquals(DATASET_FAULTS, s.size());
        return Scenarios.parallel(s);
    }

    /** Damages one MNIST file of a project with its own copy of the data; no other source is reachable. */
    private void dataset(String name, String file, Damage damage, boolean train, String expected) throws Exception {
        FaultProject project = FaultProject.create(tmp.resolve(name), true);
        Path damaged = project.root().resolve("data/mnist").resolve(file);
        damage.apply(damaged);
        byte[] bytes = Files.readAllBytes(damaged);
        Path emptyPath = Files.createDirectories(project.root().resolve("no-npm-bin"));
        List<String> args = train ? project.trainArgs()
                : List.of("fetch-data", "--project-dir", project.root().toString());
        long t0 = System.nanoTime();
        ChildCli child = new ChildCli.Launch(project.logs(), "damaged", args)
                .env("PATH", emptyPath.toString()) // no npm: the damaged cache is the only local source
                .property("https.proxyHost", "127.0.0.1").property("https.proxyPort", "9") // no mirror either
                .property("http.proxyHost", "127.0.0.1").property("http.proxyPort", "9")
                .start();
        int status = child.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String err = child.stderr();
        assertEquals(3, status, child.describe());
        assertTrue(err.contains("error: could not obtain a verified copy of MNIST"), child.describe());
        assertTrue(err.contains(damaged.toString()) && err.contains(expected),
                "the error must name " + damaged + " and the expected " + expected + "\n" + child.describe());
        assertTrue(err.contains("rejected and not used"), child.describe());
        assertTrue(seconds < 60, "fails fast: " + seconds + " s");
        assertFalse(Files.exists(project.runs()), "nothing may be trained from a damaged dataset: " + project.runs());
        assertFalse(child.stdout().contains("checksums verified"), child.describe());
        assertArrayEquals(bytes, Files.readAllBytes(damaged), "the damaged file is left for the user to inspect");
        RunAssertions.assertNoPartialFiles(project.root().resolve("data"), false);
        FaultTally.handled("damaged dataset files", name + " (" + file + ") after " + String.format("%.1f s", seconds));
    }

    @AfterAll
    static void count() {
        FaultTally.print("corrupt checkpoints", CHECKPOINT_FAULTS, "fallbacks to the previous checkpoint, ending identical");
        FaultTally.print("damaged metrics.csv", METRICS_FAULTS, "reported and rebuilt identical or refused");
        FaultTally.print("damaged dataset files", DATASET_FAULTS, "fast failures naming the file, nothing trained");
    }

    // ---------------------------------------------------------------- helpers

    /** Inverts 16 bytes at a relative position of the file. */
    static void flip(Path file, double at) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int from = (int) (b.length * at);
        for (int i = from; i < Math.min(b.length, from + 16); i++) {
            b[i] = (byte) ~b[i];
        }
        Files.write(file, b);
    }

    /** Keeps a fraction of the file ({@code keep} in (0, 1)) or drops {@code -keep} bytes from its end. */
    static void truncate(Path file, double keep) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int n = keep < 0 ? b.length + (int) keep : (int) (b.length * keep);
        Files.write(file, java.util.Arrays.copyOf(b, n));
    }

    /** A call that may throw. */
    interface Call<T> {
        T call() throws Exception;
    }

    /** Runs {@code call} with System.err captured into {@code log[0]} (the library logs to System.err). */
    static <T> T captureStderr(String[] log, Call<T> call) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        synchronized (CorruptFilesTest.class) {
            System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            try {
                return call.call();
            } finally {
                System.setErr(old);
                log[0] = buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
