package org.mnistdynamics.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 7, item 1: a run killed with SIGKILL at a pause point, then started again with the same command, finishes
 * with the same parameters and metrics as an uninterrupted run, and leaves no partial file.
 *
 * <p>Each scenario uses its own project: child JVM 1 runs the CLI with {@code -Dmnist.pauseAt=<point>} and is killed
 * (exit status 137) once it prints {@code PAUSED <point>}; child JVM 2 runs the same command without the property.
 */
class KillAndResumeTest {

    @TempDir
    static Path tmp;

    /**
     * A kill point of the tiny single run (2 epochs).
     *
     * @param point       pause point with optional {@code #n} (n-th time reached)
     * @param where       what the process was doing
     * @param leftover    a partial file the kill must leave in the run folder (relative), or null
     * @param resumeAfter epoch the second process must resume after, or -1 if it must start from scratch
     */
    record KillPoint(String point, String where, String leftover, int resumeAfter) {
    }

    static final List<KillPoint> SINGLE_RUN_POINTS = List.of(
            new KillPoint("before-rename:config.json", "writing config.json of a new run", ".config.json.tmp", -1),
            new KillPoint("before-rename:epoch-000.zip", "writing the initial checkpoint", "checkpoints/.epoch-000.zip.tmp", -1),
            new KillPoint("mid-epoch", "training epoch 1 (mini-batch 3 of 4)", null, 0),
            new KillPoint("checkpoint-write#2", "in the middle of writing the epoch-1 checkpoint zip", "checkpoints/.epoch-001.zip.tmp", 0),
            new KillPoint("before-rename:epoch-001.zip", "epoch-1 zip complete, not yet renamed", "checkpoints/.epoch-001.zip.tmp", 0),
            new KillPoint("before-rename:epoch-001.json", "epoch-1 zip in place, its manifest not yet", "checkpoints/.epoch-001.json.tmp", 0),
            new KillPoint("before-rename:metrics.csv#2", "writing metrics.csv after epoch 1", ".metrics.csv.tmp", 1),
            new KillPoint("after-epoch", "between epochs 1 and 2", null, 1),
            new KillPoint("mid-epoch#2", "training epoch 2", null, 1),
            new KillPoint("evaluation#2", "evaluating after epoch 2", null, 1),
            new KillPoint("before-rename:status.json#4", "writing the final 'completed' status", ".status.json.tmp", 2));

    static final String CATEGORY = "kill points";

    /** Kill points counted by this class (single-run points plus the plan's between-runs point). */
    static final int KILL_POINTS = SINGLE_RUN_POINTS.size() + 1;

    @BeforeAll
    static void startReferences() {
        References.startSingle();
        References.startPlan();
    }

    @TestFactory
    List<DynamicTest> killedRunResumesToIdenticalResult() {
        Map<String, Scenarios.Body> scenarios = new LinkedHashMap<>();
        for (KillPoint k : SINGLE_RUN_POINTS) {
            scenarios.put("SIGKILL at " + k.point() + " (" + k.where() + ")", () -> killSingleRun(k));
        }
        scenarios.put("SIGKILL at between-runs (after run 1 of 2 of a plan)", this::killBetweenRunsOfPlan);
        return Scenarios.parallel(scenarios);
    }

    private void killSingleRun(KillPoint k) throws Exception {
        FaultProject project = FaultProject.create(tmp.resolve(k.point().replaceAll("[^a-z0-9-]", "_")), false);
        ChildCli killed = project.train("killed").pauseAt(k.point()).start().awaitPause(k.point());
        long pid = killed.pid();
        killed.kill9();

        Path run = project.onlyRunDir();
        assertEquals("pid " + pid, Files.readString(run.resolve("run.lock")).strip(),
                "run.lock must still name the killed process");
        if (k.leftover() != null) {
            // AtomicFiles names its temporary file .<name>.<unique>.tmp
            Path expected = run.resolve(k.leftover());
            String prefix = expected.getFileName().toString().replaceFirst("\\.tmp$", ".");
            boolean found;
            try (var files = Files.list(expected.getParent())) {
                found = files.anyMatch(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".tmp"));
            }
            assertTrue(found, "the kill should leave the partial file " + k.leftover() + " (" + prefix + "*.tmp); found " + listing(run));
        }

        ChildCli resumed = project.train("resumed").start().awaitSuccess();
        String log = resumed.stderr();
        assertTrue(log.contains("stale lock of a process that no longer runs (pid " + pid + ") cleared"), resumed.describe());
        if (k.resumeAfter() >= 0) {
            assertTrue(log.contains("Resuming run " + run.getFileName() + " after epoch " + k.resumeAfter()),
                    "expected a resume after epoch " + k.resumeAfter() + "\n" + resumed.describe());
        } else {
            assertFalse(log.contains("Resuming run"), resumed.describe());
        }
        RunAssertions.assertSameRun(References.single().onlyRunDir(), project.onlyRunDir());
        RunAssertions.assertNoPartialFiles(project.runs(), false);
        assertEquals("", Files.readString(run.resolve("run.lock")), "the lock is released at the end");
        FaultTally.handled(CATEGORY, "SIGKILL at " + k.point() + " (" + k.where() + ")");
    }

    private void killBetweenRunsOfPlan() throws Exception {
        FaultProject project = FaultProject.create(tmp.resolve("between-runs"), false);
        ChildCli killed = project.reproduce("killed").pauseAt("between-runs").start().awaitPause("between-runs");
        killed.kill9();
        List<Path> afterKill = project.runDirs();
        assertEquals(1, afterKill.size(), "exactly the first run exists after the kill: " + afterKill);
        String firstRun = afterKill.get(0).getFileName().toString();

        ChildCli resumed = project.reproduce("resumed").start().awaitSuccess();
        assertTrue(resumed.stdout().contains("sweep: 2 runs, 1 finished earlier, 1 to run"),
                "the finished first run " + firstRun + " must not be trained again\n" + resumed.describe());
        FaultProject reference = References.plan();
        List<Path> expectedRuns = reference.runDirs();
        List<Path> actualRuns = project.runDirs();
        assertEquals(2, expectedRuns.size());
        assertEquals(expectedRuns.stream().map(Path::getFileName).toList(), actualRuns.stream().map(Path::getFileName).toList());
        for (int i = 0; i < expectedRuns.size(); i++) {
            RunAssertions.assertSameRun(expectedRuns.get(i), actualRuns.get(i));
        }
        Path summary = Path.of("results-smoke", FaultProject.TINY_PLAN + ".csv");
        assertEquals(
                RunAssertions.withoutWallTime(org.mnistdynamics.train.MetricsTable.rows(
                        org.mnistdynamics.train.MetricsTable.read(reference.runs().resolve(summary)))),
                RunAssertions.withoutWallTime(org.mnistdynamics.train.MetricsTable.rows(
                        org.mnistdynamics.train.MetricsTable.read(project.runs().resolve(summary)))),
                "plan summary " + summary);
        RunAssertions.assertNoPartialFiles(project.runs(), false);
        FaultTally.handled(CATEGORY, "SIGKILL at between-runs (after run 1 of 2 of a plan)");
    }

    @AfterAll
    static void count() {
        FaultTally.print(CATEGORY, KILL_POINTS, "identical resumes");
    }

    static String listing(Path dir) {
        try (var walk = Files.walk(dir)) {
            return walk.map(p -> dir.relativize(p).toString()).sorted().toList().toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
