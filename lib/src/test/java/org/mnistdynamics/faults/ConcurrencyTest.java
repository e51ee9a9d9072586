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
 * Issue 7, item 3: two processes asked for the same run never corrupt it. The second waits on the run directory's
 * lock ({@code run.lock}) and then returns the finished run; a lock left by a killed process is recognised as stale
 * and taken over. Every case ends with a run identical to the uninterrupted reference.
 */
class ConcurrencyTest {

    @TempDir
    static Path tmp;

    /** Faults injected by this class, for the closing count. */
    static final int FAULTS = 4;

    @BeforeAll
    static void startReferences() {
        References.startSingle();
        References.startPlan();
    }

    @TestFactory
    List<DynamicTest> secondProcessOnTheSameRun() {
        Map<String, Scenarios.Body> s = new LinkedHashMap<>();
        s.put("second process waits for a live holder, then returns the finished run", this::secondWaitsForLiveHolder);
        s.put("holder killed (SIGKILL) while a second process waits: the second takes over", this::holderKilledWhileSecondWaits);
        s.put("stale lock of a killed process is recognised and cleared", this::staleLockIsCleared);
        s.put("two plans started at once on the same runs", this::twoPlansAtOnce);
        assertEquals(FAULTS, s.size());
        s.replaceAll((name, body) -> () -> {
            body.run();
            FaultTally.handled("concurrency", name);
        });
        return Scenarios.parallel(s);
    }

    @AfterAll
    static void count() {
        FaultTally.print("concurrency", FAULTS, "runs uncorrupted and identical to the reference");
    }

    private void secondWaitsForLiveHolder() throws Exception {
        FaultProject p = FaultProject.create(tmp.resolve("live"), false);
        ChildCli a = p.train("a").start().awaitStderr("epoch 0:");
        ChildCli b;
        // Freeze the holder (SIGSTOP) so that the second process certainly finds the run locked.
        a.signal("STOP");
        try {
            Path run = p.onlyRunDir();
            assertEquals("pid " + a.pid(), Files.readString(run.resolve("run.lock")).strip());
            b = p.train("b").start().awaitStderr("is being trained by another process (pid " + a.pid() + "); waiting");
            Thread.sleep(500);
            assertTrue(b.process.isAlive(), "the second process must wait\n" + b.describe());
        } finally {
            a.signal("CONT");
        }
        a.awaitSuccess();
        b.awaitSuccess();
        assertFalse(b.stderr().contains(" epoch 1/2"), "the second process must not train again\n" + b.describe());
        assertTrue(b.stdout().contains("run " + p.onlyRunDir().getFileName()), b.describe());
        RunAssertions.assertSameRun(References.single().onlyRunDir(), p.onlyRunDir());
        RunAssertions.assertNoPartialFiles(p.runs(), false);
    }

    private void holderKilledWhileSecondWaits() throws Exception {
        FaultProject p = FaultProject.create(tmp.resolve("killed-holder"), false);
        ChildCli a = p.train("a").pauseAt("mid-epoch").start().awaitPause("mid-epoch");
        ChildCli b = p.train("b").start().awaitStderr("is being trained by another process (pid " + a.pid() + ")");
        a.kill9();
        b.awaitSuccess();
        Path run = p.onlyRunDir();
        assertTrue(b.stderr().contains("Resuming run " + run.getFileName() + " after epoch 0"), b.describe());
        RunAssertions.assertSameRun(References.single().onlyRunDir(), run);
        RunAssertions.assertNoPartialFiles(p.runs(), false);
    }

    private void staleLockIsCleared() throws Exception {
        FaultProject p = FaultProject.create(tmp.resolve("stale"), false);
        ChildCli a = p.train("a").pauseAt("after-epoch").start().awaitPause("after-epoch");
        long pid = a.pid();
        a.kill9();
        Path run = p.onlyRunDir();
        assertEquals("pid " + pid, Files.readString(run.resolve("run.lock")).strip(), "the killed process's lock file stays");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is dead");
        ChildCli b = p.train("b").start().awaitSuccess();
        assertTrue(b.stderr().contains(run + ": stale lock of a process that no longer runs (pid " + pid + ") cleared"), b.describe());
        assertTrue(b.stderr().contains("Resuming run " + run.getFileName() + " after epoch 1"), b.describe());
        RunAssertions.assertSameRun(References.single().onlyRunDir(), run);
        RunAssertions.assertNoPartialFiles(p.runs(), false);
        assertEquals("", Files.readString(run.resolve("run.lock")));
    }

    private void twoPlansAtOnce() throws Exception {
        FaultProject p = FaultProject.create(tmp.resolve("two-plans"), false);
        ChildCli a = p.reproduce("a").start();
        ChildCli b = p.reproduce("b").start();
        a.awaitSuccess();
        b.awaitSuccess();
        // each run is trained by a worker of each sweep; the workers' output is in runs/sweep/<run-id>.log
        StringBuilder workers = new StringBuilder();
        try (var logs = Files.list(p.runs().resolve("sweep"))) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                workers.append(Files.readString(log));
            }
        }
        assertTrue(workers.toString().contains("is being trained by another process"),
                "one worker must have waited for the other\n" + a.describe() + b.describe() + workers);
        List<Path> expected = References.plan().runDirs();
        List<Path> actual = p.runDirs();
        assertEquals(expected.stream().map(Path::getFileName).toList(), actual.stream().map(Path::getFileName).toList());
        for (int i = 0; i < expected.size(); i++) {
            RunAssertions.assertSameRun(expected.get(i), actual.get(i));
        }
        RunAssertions.assertNoPartialFiles(p.runs(), false);
    }
}
