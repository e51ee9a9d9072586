package org.mnistdynamics.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset file that is missing, truncated, of the wrong kind or does not match its registered checksum.
 * The message names the file and what was expected; the file's content is never used.
 */
public class InvalidDatasetFileException extends IOException {

    private final Path file;

    /**
     * @param file   the offending file
     * @param reason what was wrong and what was expected
     */
    public InvalidDatasetFileException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    /** @return the offending file */
    public Path file() {
        return file;
    }
}
