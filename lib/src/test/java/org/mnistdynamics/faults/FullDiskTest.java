package org.mnistdynamics.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.train.CheckpointStore;
import org.mnistdynamics.train.MetricRow;
import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 7, item 5: when a write fails because the disk is full, the run stops with a clear error (exit code 3, the
 * file and the cause), the previous checkpoint and {@code metrics.csv} are intact, no partial file is left, and a
 * later run of the same command (once space is free) finishes identical to the uninterrupted run.
 *
 * <p>The real variant gives the runs folder its own small file system (tmpfs, needs root or CAP_SYS_ADMIN; skipped
 * with a message where mounting is not permitted), sized so that the epoch-0 checkpoint fits and the epoch-1 checkpoint
 * does not: the kernel answers ENOSPC. The simulated variants ({@code -Dmnist.failWrite=<file>#n}) fail one chosen
 * write the same way, so the behaviour is also tested where nothing can be mounted.
 */
class FullDiskTest {

    /** Faults injected by this class, for the closing count. */
    static final int FAULTS = 3;

    private static final long PAGE = 4096;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startReference() {
        References.startSingle();
    }

    @Test
    void checkpointWriteOnARealFullDisk() throws Exception {
        Path refRun = References.single().onlyRunDir();
        long needed = 0;
        for (String f : List.of("config.json", "provenance.json", "status.json", "metrics.csv", "checkpoints/epoch-000.zip",
                "checkpoints/epoch-000.json")) {
            needed += pages(Files.size(refRun.resolve(f)));
        }
        long size = needed + 8 * PAGE; // room for the temporary copy of a small file during its atomic replacement
        long epoch1 = Files.size(refRun.resolve("checkpoints/epoch-001.zip"));
        assertTrue(epoch1 > 8 * PAGE, "the epoch-1 checkpoint (" + epoch1 + " bytes) must not fit in the spare room");

        Path disk = Files.createDirectories(tmp.resolve("small-disk"));
        int mountStatus;
        String mountOutput;
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", disk.toString())
                    .redirectErrorStream(true).start();
            mountOutput = new String(mount.getInputStream().readAllBytes()).strip();
            mountStatus = mount.waitFor();
        } catch (IOException e) {
            mountStatus = -1;
            mountOutput = e.getMessage();
        }
        Assumptions.assumeTrue(mountStatus == 0, "skipped: mounting a small tmpfs is not permitted here ("
                + mountOutput + "); the simulated full-disk tests still run");
        try {
            FaultProject p = FaultProject.create(tmp.resolve("project"), false);
            ChildCli full = p.train("full").env("MNIST_RUNS_DIR", disk.toString()).start();
            assertEquals(3, full.await(), full.describe());
            Path run = disk.resolve("mnist").resolve(refRun.getFileName().toString());
            Path zip = run.resolve("checkpoints/epoch-001.zip");
            assertTrue(full.stderr().contains("error: could not write " + zip + ": No space left on device"
                    + " (the previous version, if any, is intact)"), full.describe());
            assertTrue(Files.getFileStore(disk).getUsableSpace() < epoch1, "the disk was really full");
            assertIntactAfterFailure(refRun, run, 0, 0);

            Process remount = new ProcessBuilder("mount", "-o", "remount,size=64m", disk.toString()).inheritIO().start();
            assertEquals(0, remount.waitFor(), "remount with free space");
            ChildCli again = p.train("again").env("MNIST_RUNS_DIR", disk.toString()).start().awaitSuccess();
            assertTrue(again.stderr().contains("Resuming run " + run.getFileName() + " after epoch 0"), again.describe());
            RunAssertions.assertSameRun(refRun, run);
            RunAssertions.assertNoPartialFiles(disk, false);
            FaultTally.handled("full disk", "real ENOSPC (tmpfs of " + size + " bytes) writing " + zip.getFileName());
        } finally {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void metricsWriteFailsLikeAFullDisk() throws Exception {
        simulated("metrics.csv#2", "metrics.csv", 1, 0);
    }

    @Test
    void manifestWriteFailsLikeAFullDisk() throws Exception {
        simulated("epoch-001.json", "checkpoints/epoch-001.json", 0, 0);
    }

    /**
     * @param failWrite      value of {@code -Dmnist.failWrite}
     * @param file           the file whose write fails (relative to the run)
     * @param lastCheckpoint newest checkpoint that must be valid after the failure
     * @param metricsEpoch   last epoch that metrics.csv must hold after the failure
     */
    private void simulated(String failWrite, String file, int lastCheckpoint, int metricsEpoch) throws Exception {
        Path refRun = References.single().onlyRunDir();
        FaultProject p = FaultProject.create(tmp.resolve("project"), false);
        ChildCli full = p.train("full").property("mnist.failWrite", failWrite).start();
        assertEquals(3, full.await(), full.describe());
        Path run = p.onlyRunDir();
        assertTrue(full.stderr().contains("error: could not write " + run.resolve(file) + ": No space left on device"),
                full.describe());
        assertTrue(full.stderr().contains("(the previous version, if any, is intact)"), full.describe());
        assertIntactAfterFailure(refRun, run, lastCheckpoint, metricsEpoch);

        ChildCli again = p.train("again").start().awaitSuccess();
        assertTrue(again.stderr().contains("Resuming run " + run.getFileName() + " after epoch " + lastCheckpoint),
                again.describe());
        RunAssertions.assertSameRun(refRun, run);
        RunAssertions.assertNoPartialFiles(p.runs(), false);
        FaultTally.handled("full disk", "simulated ENOSPC writing " + failWrite);
    }

    @AfterAll
    static void count() {
        FaultTally.print("full disk", FAULTS, "clean stops (exit 3, intact state) and identical re-runs");
    }

    /**
     * Checks, without touching anything, that checkpoints 0..lastCheckpoint match their recorded checksums and the
     * reference, that {@code metrics.csv} is readable and holds exactly the reference's rows up to
     * {@code metricsEpoch}, and that no temporary file is left.
     */
    private static void assertIntactAfterFailure(Path refRun, Path run, int lastCheckpoint, int metricsEpoch) throws Exception {
        RunAssertions.assertNoPartialFiles(run, false);
        for (int e = 0; e <= lastCheckpoint; e++) {
            Path zip = run.resolve(String.format("checkpoints/epoch-%03d.zip", e));
            var m = Json.read(run.resolve(String.format("checkpoints/epoch-%03d.json", e)), CheckpointStore.Manifest.class);
            assertEquals(m.sha256(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(zip))),
                    zip + " does not match its manifest");
            assertEquals(RunAssertions.zipEntries(refRun.resolve(run.relativize(zip))).get("coefficients.bin").length,
                    RunAssertions.zipEntries(zip).get("coefficients.bin").length);
            assertArrayEquals(RunAssertions.zipEntries(refRun.resolve(run.relativize(zip))).get("coefficients.bin"),
                    RunAssertions.zipEntries(zip).get("coefficients.bin"), zip.toString());
        }
        assertFalse(Files.exists(run.resolve(String.format("checkpoints/epoch-%03d.json", lastCheckpoint + 1))));
        List<MetricRow> expected = MetricsTable.rows(MetricsTable.read(refRun.resolve("metrics.csv"))).stream()
                .filter(r -> r.epoch() <= metricsEpoch).toList();
        List<MetricRow> actual = MetricsTable.rows(MetricsTable.read(run.resolve("metrics.csv")));
        assertEquals(RunAssertions.withoutWallTime(expected), RunAssertions.withoutWallTime(actual), "metrics.csv after the failure");
        RunStatus status = Json.read(run.resolve("status.json"), RunStatus.class);
        assertEquals("running", status.state(), "a full disk is not a training failure: the run can be resumed");
    }

    private static long pages(long bytes) {
        return (bytes + PAGE - 1) / PAGE * PAGE;
    }
}
