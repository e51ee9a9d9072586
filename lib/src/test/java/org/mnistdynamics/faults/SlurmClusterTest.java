package org.mnistdynamics.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.sweep.SlurmCommands;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 16, item 4: the Slurm executor against a real Slurm ({@code bash scripts/slurm-local.sh start} runs a
 * one-node cluster; {@code scripts/test.sh} starts it before the Maven tests and stops it after). The two-seed tiny
 * plan ({@link FaultProject#TINY_SEEDS_PLAN}, smoke profile) is submitted as a job array of 2 tasks and every run
 * must end bit-identical (checkpoints byte for byte, every metric except wall time) to the same plan run by the
 * local executor; a task cancelled with {@code scancel} after its first checkpoint must resume from it when the
 * sweep is submitted again and end bit-identical too.
 *
 * <p>Where no Slurm answers (no {@code sbatch} on PATH, or {@code sinfo} fails), both tests are reported as skipped
 * with the reason, never as passed.
 */
class SlurmClusterTest {

    /** Longest a whole sweep may take (2 tiny runs; generous for a loaded 2-core machine). */
    private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(15);

    @TempDir
    static Path tmp;

    private static FaultProject local;
    private static final List<String> JOBS = new ArrayList<>();

    /** @return why no Slurm can be used, or null if one answers */
    private static String whyNoSlurm() {
        SlurmCommands slurm = SlurmCommands.fromEnvironment();
        try {
            slurm.requireAll();
            SlurmCommands.Result r = slurm.run("sinfo", "-h", "-o", "%P %t");
            if (!r.ok()) {
                return "no Slurm controller answers: sinfo exited " + r.exitCode() + ": " + r.stderr().strip();
            }
            if (!r.stdout().matches("(?s).*\\b(idle|mix|alloc)\\b.*")) {
                return "no Slurm node is up (sinfo: " + r.stdout().strip() + ")";
            }
            return null;
        } catch (IllegalArgumentException | IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @BeforeAll
    static void requireSlurm() {
        String why = whyNoSlurm();
        Assumptions.assumeTrue(why == null, () -> "Slurm tests skipped: " + why + " (scripts/test.sh starts a one-node "
                + "cluster with 'bash scripts/slurm-local.sh start', which needs root and apt-get)");
    }

    /** The reference: the same plan run by the local executor (2 workers x 1 thread). */
    private static synchronized FaultProject localReference() throws Exception {
        if (local == null) {
            FaultProject p = FaultProject.create(tmp.resolve("local"), false);
            p.sweep("local", "--workers", "2").start().awaitSuccess(SWEEP_TIMEOUT);
            assertEquals(2, p.runDirs().size());
            local = p;
        }
        return local;
    }

    private static String slurmJob(ChildCli sweep) throws InterruptedException {
        sweep.awaitStderr("submitted Slurm job ");
        Matcher m = Pattern.compile("submitted Slurm job (\\d+) ").matcher(sweep.stderr());
        assertTrue(m.find(), "no job id\n" + sweep.describe());
        JOBS.add(m.group(1));
        return m.group(1);
    }

    @AfterAll
    static void cancelLeftovers() throws Exception {
        // A failed test must not leave tasks on the cluster (they would hold CPUs for the rest of the build).
        for (String job : JOBS) {
            SlurmCommands.fromEnvironment().run("scancel", job);
        }
    }

    private static List<String> scripts(FaultProject p) throws IOException {
        try (Stream<Path> files = Files.list(p.runs().resolve("sweep"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("slurm-.*\\.sh")).sorted().toList();
        }
    }

    private static void assertSameRuns(FaultProject expected, FaultProject actual) throws IOException {
        List<Path> e = expected.runDirs();
        List<Path> a = actual.runDirs();
        assertEquals(e.stream().map(Path::getFileName).toList(), a.stream().map(Path::getFileName).toList());
        for (int i = 0; i < e.size(); i++) {
            assertTrue(RunAssertions.assertSameRun(e.get(i), a.get(i)) > 0);
        }
        RunAssertions.assertNoPartialFiles(actual.runs(), false);
    }

    @Test
    void jobArrayRunsEveryRunBitIdenticalToTheLocalExecutorAndResubmittingSubmitsNothing() throws Exception {
        FaultProject reference = localReference();
        FaultProject p = FaultProject.create(tmp.resolve("slurm"), false);
        ChildCli sweep = p.sweep("slurm", "--executor", "slurm", "--workers", "2", "--mem", "2G", "--time", "30",
                "--poll-seconds", "0.5").start();
        String job = slurmJob(sweep);
        sweep.awaitSuccess(SWEEP_TIMEOUT);
        assertTrue(sweep.stderr().contains("submitted Slurm job " + job + " to partition debug: 2 array tasks (2 at once), 1 CPU, "
                + "2048M, 00:30:00 each"), sweep.describe());
        List<Path> runs = reference.runDirs();
        for (int i = 0; i < 2; i++) {
            String id = runs.get(i).getFileName().toString();
            assertTrue(sweep.stderr().matches("(?s).*\\[slurm " + job + "_\\d] COMPLETED tiny-seeds: Adam, seed 1[12] \\(" + id + "\\).*"),
                    sweep.describe());
        }
        assertTrue(sweep.stdout().contains("sweep summary: 2 completed, 0 finished earlier, 0 failed"), sweep.describe());
        List<String> scripts = scripts(p);
        assertEquals(1, scripts.size(), scripts.toString());
        String script = Files.readString(p.runs().resolve("sweep").resolve(scripts.get(0)));
        assertTrue(script.contains("\n#SBATCH --array=0-1%2\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=2048M\n#SBATCH --time=00:30:00\n"), script);
        assertSameRuns(reference, p);

        // Submitting again submits nothing: every run is finished.
        ChildCli again = p.sweep("slurm-again", "--executor", "slurm", "--poll-seconds", "0.5").start().awaitSuccess(SWEEP_TIMEOUT);
        assertTrue(again.stdout().contains("sweep: 2 runs, 2 finished earlier, 0 to run"), again.describe());
        assertFalse(again.stderr().contains("submitted Slurm job"), again.describe());
        assertEquals(scripts, scripts(p));
    }

    @Test
    void taskCancelledAfterItsFirstCheckpointResumesFromItWhenResubmittedAndEndsBitIdentical() throws Exception {
        FaultProject reference = localReference();
        FaultProject p = FaultProject.create(tmp.resolve("cancel"), false);
        // Every task pauses after the checkpoint of epoch 1 (of 2); one task at a time (--workers 1 = %1).
        ChildCli sweep = p.sweep("cancel", "--executor", "slurm", "--workers", "1", "--mem", "2G", "--poll-seconds", "0.5")
                .property("mnist.taskPauseAt", "after-epoch").start();
        String job = slurmJob(sweep);
        List<String> ids = reference.runDirs().stream().map(d -> d.getFileName().toString()).toList();
        Path sweepDir = p.runs().resolve("sweep");
        List<String> cancelled = new ArrayList<>();
        for (int task = 0; task < 2; task++) {
            // Which run array task `task` trains: the script's case line.
            String script = Files.readString(sweepDir.resolve(scripts(p).get(0)));
            Matcher m = Pattern.compile("\n  " + task + "\\) RUN='([^']+)'").matcher(script);
            assertTrue(m.find(), script);
            String id = m.group(1);
            Path log = sweepDir.resolve(id + ".log");
            long deadline = System.nanoTime() + SWEEP_TIMEOUT.toNanos();
            while (!(Files.exists(log) && Files.readString(log).contains("PAUSED after-epoch"))) {
                assertTrue(sweep.process.isAlive(), sweep.describe());
                assertTrue(System.nanoTime() < deadline, "task " + task + " did not reach epoch 1\n" + sweep.describe());
                Thread.sleep(200);
            }
            RunStatus before = Json.read(p.runs().resolve("mnist").resolve(id).resolve("status.json"), RunStatus.class);
            assertEquals(new RunStatus("running", 1, ""), before);
            SlurmCommands.Result r = SlurmCommands.fromEnvironment().run("scancel", job + "_" + task);
            assertEquals(0, r.exitCode(), r.stderr());
            cancelled.add(id);
        }
        assertEquals(1, sweep.await(SWEEP_TIMEOUT), "a sweep with cancelled tasks exits 1\n" + sweep.describe());
        assertEquals(List.copyOf(ids).stream().sorted().toList(), cancelled.stream().sorted().toList());
        for (int task = 0; task < 2; task++) {
            assertTrue(sweep.stderr().contains("[slurm " + job + "_" + task + "] CANCELLED tiny-seeds: Adam"), sweep.describe());
        }
        assertTrue(sweep.stdout().contains("sweep summary: 0 completed, 0 finished earlier, 2 failed"), sweep.describe());
        assertTrue(sweep.stdout().contains("CANCELLED tiny-seeds: Adam, seed 11"), sweep.describe());
        for (String id : ids) {
            Path run = p.runs().resolve("mnist").resolve(id);
            assertFalse(Json.read(run.resolve("status.json"), RunStatus.class).completed());
            assertTrue(Files.exists(run.resolve("checkpoints/epoch-001.zip")), "checkpoint of epoch 1 of " + id);
            assertFalse(Files.exists(run.resolve("checkpoints/epoch-002.zip")), "no checkpoint of epoch 2 of " + id);
        }

        // Submitted again (no pause): only the two unfinished runs, each resuming after epoch 1.
        ChildCli again = p.sweep("resubmit", "--executor", "slurm", "--mem", "2G", "--poll-seconds", "0.5").start();
        slurmJob(again);
        again.awaitSuccess(SWEEP_TIMEOUT);
        assertTrue(again.stdout().contains("sweep: 2 runs, 0 finished earlier, 2 to run"), again.describe());
        assertTrue(again.stdout().contains("sweep summary: 2 completed, 0 finished earlier, 0 failed"), again.describe());
        for (String id : ids) {
            String log = Files.readString(sweepDir.resolve(id + ".log"));
            assertTrue(log.contains("Resuming run " + id + " after epoch 1"), log);
        }
        assertSameRuns(reference, p);
    }
}
