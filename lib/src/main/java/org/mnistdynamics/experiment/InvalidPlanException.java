package org.mnistdynamics.experiment;

import java.io.IOException;

/**
 * An experiment plan file that cannot be used: missing or unreadable, not YAML, an unknown field, or a value outside
 * its allowed range. It is a configuration error (CLI exit code 2), reported before any run of any plan starts; it
 * extends {@link IOException} because reading the file is where it is found.
 */
public final class InvalidPlanException extends IOException {

    /**
     * @param message names the file and the problem
     */
    public InvalidPlanException(String message) {
        super(message);
    }

    /**
     * @param message names the file and the problem
     * @param cause   the parser's or validator's exception
     */
    public InvalidPlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
