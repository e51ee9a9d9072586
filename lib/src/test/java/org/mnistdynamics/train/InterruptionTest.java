package org.mnistdynamics.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.util.Interruption;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Interrupting the thread that trains stops the training (issue 14, point 1; the kernel-level test is
 * notebooks/tests/test_interrupt.py). Injected: {@code Thread.interrupt()} on the training thread in the middle of an
 * epoch, and an interrupt that arrives while a checkpoint is being written; a second thread of the same JVM asking
 * for a run that is held. Before the fix the training ran to its end, or died in the checkpoint write with
 * ClosedByInterruptException leaving status "running", and the second thread got a bare OverlappingFileLockException.
 */
class InterruptionTest {

    @TempDir
    Path runs;

    private static RunConfig config() {
        return new RunConfig("mnist", CnnSpec.BASELINE, OptimizerSpec.paperDefault("adam"), 128, 2, 11, 1024, 500);
    }

    private static Trainer trainer(TrainingProgress progress) {
        return new Trainer(TestData.mnist(), CnnSpec.RuntimeOptions.DEFAULT, "test", Path.of(""), progress);
    }

    @Test
    void interruptStopsTrainingWithinASecondMarksTheRunAndRerunningResumes() throws Exception {
        RunConfig config = config();
        RunDirectory dir = RunDirectory.of(runs, config);
        CountDownLatch midEpoch = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                trainer(new TrainingProgress() {
                    @Override
                    public void batchDone(int batch, double loss) {
                        if (batch == 3) {
                            midEpoch.countDown();
                        }
                    }
                }).run(config, dir);
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "cell");
        t.start();
        assertTrue(midEpoch.await(120, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        t.interrupt();
        t.join(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(t.isAlive(), "training still running 10 s after the interrupt");
        assertTrue(seconds < 1.0, "stopped " + seconds + " s after the interrupt");

        Throwable e = outcome.get();
        assertInstanceOf(Interruption.InterruptedWorkException.class, e, String.valueOf(e));
        assertTrue(e.getMessage().startsWith("training run " + config.runId() + " (epoch 1, mini-batch "), e.getMessage());
        assertTrue(e.getMessage().endsWith("interrupted; checkpoints up to epoch 0 are intact; run it again to resume"),
                e.getMessage());
        RunStatus status = dir.status().orElseThrow();
        assertEquals("interrupted", status.state());
        assertEquals(0, status.epochsCompleted());
        assertEquals(1, dir.checkpoints().validChain().size());
        assertEquals("", Files.readString(dir.path().resolve("run.lock")), "the lock is released");

        AtomicLong firstEpoch = new AtomicLong(-1);
        RunResult resumed = trainer(new TrainingProgress() {
            @Override
            public void epochStarted(String runId, int epoch, int epochs, int batches) {
                firstEpoch.compareAndSet(-1, epoch);
            }
        }).run(config, dir);
        assertEquals("completed", resumed.status().state());
        assertEquals(1, firstEpoch.get(), "resumed after the intact epoch-0 checkpoint");
        RunResult straight = trainer(TrainingProgress.NONE).run(config, RunDirectory.of(runs.resolve("straight"), config));
        assertEquals(TrainerTest.withoutWallTime(straight.metrics()), TrainerTest.withoutWallTime(resumed.metrics()));
    }

    @Test
    void interruptDuringACheckpointWriteLeavesTheCheckpointIntact() throws IOException {
        RunConfig config = config();
        RunDirectory dir = RunDirectory.of(runs, config);
        // epochDone(0) is called after the initial evaluation, before checkpoint 0 is written: the flag is set while
        // the checkpoint zip, its manifest, metrics.csv and status.json are written.
        Interruption.InterruptedWorkException e = assertThrows(Interruption.InterruptedWorkException.class,
                () -> trainer(new TrainingProgress() {
                    @Override
                    public void epochDone(int epoch, List<MetricRow> metrics) {
                        if (epoch == 0) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).run(config, dir));
        assertFalse(Thread.currentThread().isInterrupted(), "the flag is consumed by the exception");
        assertTrue(e.getMessage().contains("(epoch 1, mini-batch 1 of 8): interrupted"), e.getMessage());
        assertEquals("interrupted", dir.status().orElseThrow().state());
        assertEquals(1, dir.checkpoints().validChain().size(), "checkpoint 0 written whole");
        assertEquals(6, MetricsTable.read(dir.metricsFile()).rowCount()); // epoch 0: loss and accuracy of train_eval, validation, test
    }

    @Test
    void aRunHeldByAnotherThreadOfThisJvmGivesAClearMessageOrWaits() throws Exception {
        Path run = runs.resolve("mnist/some-run");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (RunLock ignored = RunLock.acquire(run)) {
                held.countDown();
                release.await();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "old-cell");
        holder.start();
        held.await();

        IllegalStateException busy = assertThrows(IllegalStateException.class, () -> RunLock.acquire(run, 1));
        assertTrue(busy.getMessage().contains("is in use by thread 'old-cell' of this process"), busy.getMessage());
        assertTrue(busy.getMessage().contains("wait for it to finish, or restart the kernel"), busy.getMessage());

        // with a holder that finishes while we wait, the second user gets the lock
        new Thread(() -> {
            sleep(300);
            release.countDown();
        }).start();
        try (RunLock lock = RunLock.acquire(run, 10)) {
            assertFalse(holder.isAlive() && holder.getState() == Thread.State.WAITING, "the first holder has released");
        }
        holder.join();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
