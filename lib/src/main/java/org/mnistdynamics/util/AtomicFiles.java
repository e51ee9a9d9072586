package org.mnistdynamics.util;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Atomic file replacement: write to a temporary file in the same folder, force it to disk, then rename it over the
 * target. A reader (or a resumed run) sees either the old file or the complete new one, never a partial write; a
 * failed write (full disk, crash) leaves the previous file untouched and removes the temporary file. Writes are not
 * interruptible: {@code Thread.interrupt()} during a write does not break it (the flag stays set for the caller).
 */
public final class AtomicFiles {

    /** Writes content to an output stream; may throw. */
    @FunctionalInterface
    public interface Writer {
        /** @param out stream to write to (closed by the caller) */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * @param target file to create or replace
     * @param bytes  new content
     * @throws IOException naming the target if the write fails; the target is unchanged then
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * @param target file to create or replace
     * @param writer produces the new content
     * @throws IOException naming the target if the write fails; the target is unchanged then
     */
    public static void write(Path target, Writer writer) throws IOException {
        // A pending interrupt is set aside while the file is written (and restored after): code inside the writer
        // may be interrupt-sensitive (e.g. a library's one-time class-path scan on its first use).
        boolean interrupted = Thread.interrupted();
        try {
            writeNow(target, writer);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void writeNow(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // A unique temporary name per write: two processes writing the same file (e.g. two plans that share a
        // summary) must not rename each other's temporary file away.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            // java.io streams, not a FileChannel: an interruptible channel is closed by Thread.interrupt() (a notebook
            // cell's interrupt), which killed checkpoint writes with ClosedByInterruptException. Interruption is
            // checked between writes (util.Interruption), never inside one.
            try (FileOutputStream file = new FileOutputStream(tmp.toFile());
                 OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
                writer.write(out);
                FaultPoints.failWrite(target);
                out.flush();
                file.getFD().sync();
            }
            FaultPoints.reach("before-rename:" + target.getFileName());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("could not write " + target + ": " + e.getMessage()
                    + " (the previous version, if any, is intact)", e);
        }
    }

    /**
     * Removes temporary files left by an interrupted {@link #write} in {@code dir} (not recursive).
     *
     * @param dir folder to clean
     * @return number of files removed
     * @throws IOException if the folder cannot be listed
     */
    public static int removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        }
        return removed;
    }
}
