package org.mnistdynamics.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * An exclusive lock on a run directory ({@code <run>/run.lock}), held while a process trains that run.
 *
 * <p>It is an operating-system file lock ({@link FileChannel#lock()}), which the kernel releases when the holding
 * process dies, even by SIGKILL; so a lock file left by a killed process is stale by construction and is simply taken
 * over (and reported). A second live process asking for the same run waits until the first finishes, then finds the
 * run completed.
 *
 * <p>Inside one JVM the operating system's lock cannot tell two threads apart ({@code FileChannel.lock()} then throws
 * a bare {@code OverlappingFileLockException}), so the JVM keeps its own table of held runs: a second thread asking
 * for a run that a thread of this JVM holds (e.g. a notebook cell re-run while an interrupted cell's training is
 * still stopping) waits up to {@link #IN_PROCESS_WAIT_SECONDS} seconds for it, then gets an
 * {@link IllegalStateException} naming the run and the holding thread.
 */
public final class RunLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunLock.class);

    /** Seconds a thread waits for another thread of this JVM to release a run before giving up. */
    public static final int IN_PROCESS_WAIT_SECONDS = 30;

    /** Runs held by threads of this JVM: lock file to holding thread. */
    private static final Map<Path, Thread> HELD = new HashMap<>();

    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private RunLock(FileChannel channel, FileLock lock, Path file) {
        this.channel = channel;
        this.lock = lock;
        this.file = file;
    }

    /**
     * Acquires the lock, waiting for a live holder if there is one.
     *
     * @param runDir the run directory
     * @return the held lock; close it to release
     * @throws IOException           if the lock file cannot be opened
     * @throws IllegalStateException if another thread of this JVM holds the run for longer than
     *                               {@link #IN_PROCESS_WAIT_SECONDS} seconds (the message names the run and thread)
     * @throws org.mnistdynamics.util.Interruption.InterruptedWorkException if the thread is interrupted while waiting
     */
    public static RunLock acquire(Path runDir) throws IOException {
        return acquire(runDir, IN_PROCESS_WAIT_SECONDS);
    }

    /** {@link #acquire(Path)} with another in-process wait (tests). */
    static RunLock acquire(Path runDir, int waitSeconds) throws IOException {
        Files.createDirectories(runDir);
        Path file = runDir.resolve("run.lock").toAbsolutePath().normalize();
        holdInProcess(file, runDir, waitSeconds);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            releaseInProcess(file);
            throw e;
        }
        try {
            String previous = Files.readString(file, StandardCharsets.UTF_8).strip();
            FileLock lock = channel.tryLock();
            if (lock == null) {
                log.info("{} is being trained by another process ({}); waiting for it to finish", runDir, previous);
                lock = channel.lock();
            } else if (!previous.isEmpty()) {
                log.info("{}: stale lock of a process that no longer runs ({}) cleared", runDir, previous);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new RunLock(channel, lock, file);
        } catch (IOException | RuntimeException e) {
            channel.close();
            releaseInProcess(file);
            throw e;
        }
    }

    /** Registers this thread as the JVM's holder of {@code file}, waiting for another holder thread first. */
    private static void holdInProcess(Path file, Path runDir, int waitSeconds) {
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        synchronized (HELD) {
            boolean told = false;
            while (true) {
                Thread holder = HELD.get(file);
                if (holder == null || !holder.isAlive()) {
                    HELD.put(file, Thread.currentThread());
                    return;
                }
                if (holder == Thread.currentThread()) {
                    throw new IllegalStateException(runDir + " is already held by this thread (nested use of one run)");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(runDir + " is in use by thread '" + holder.getName() + "' of this "
                            + "process (e.g. an interrupted notebook cell whose training has not stopped yet) for more "
                            + "than " + waitSeconds + " s; wait for it to finish, or restart the kernel");
                }
                if (!told) {
                    log.info("{} is in use by thread '{}' of this process; waiting up to {} s", runDir, holder.getName(),
                            waitSeconds);
                    told = true;
                }
                try {
                    HELD.wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    throw new org.mnistdynamics.util.Interruption.InterruptedWorkException(
                            "waiting for " + runDir + " (in use by thread '" + holder.getName() + "'): interrupted");
                }
            }
        }
    }

    private static void releaseInProcess(Path file) {
        synchronized (HELD) {
            HELD.remove(file, Thread.currentThread());
            HELD.notifyAll();
        }
    }

    /**
     * Releases the lock and empties the lock file (an empty file means nobody holds it). Works on an interrupted
     * thread too: the flag is set aside while the (interruptible) lock channel is used, then restored.
     */
    @Override
    public void close() throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                releaseInProcess(file);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
