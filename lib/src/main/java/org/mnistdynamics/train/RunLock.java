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

/**
 * An exclusive lock on a run directory ({@code <run>/run.lock}), held while a process trains that run.
 *
 * <p>It is an operating-system file lock ({@link FileChannel#lock()}), which the kernel releases when the holding
 * process dies, even by SIGKILL; so a lock file left by a killed process is stale by construction and is simply taken
 * over (and reported). A second live process asking for the same run waits until the first finishes, then finds the
 * run completed.
 */
public final class RunLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Acquires the lock, waiting for a live holder if there is one.
     *
     * @param runDir the run directory
     * @return the held lock; close it to release
     * @throws IOException if the lock file cannot be opened
     */
    public static RunLock acquire(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path file = runDir.resolve("run.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
            return new RunLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Releases the lock and empties the lock file (an empty file means nobody holds it). */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }
}
