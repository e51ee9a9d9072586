package org.mnistdynamics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process, read from {@code /proc/self/status} (Linux).
 *
 * <p>{@code VmRSS} is the resident set now, {@code VmHWM} its peak ("high water mark") since the process started.
 * Both cover the Java heap, ND4J's off-heap buffers and native libraries.
 */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** @return current resident memory, MiB; NaN where /proc is not available */
    public static double currentMiB() {
        return read("VmRSS:");
    }

    /** @return peak resident memory of this process, MiB; NaN where /proc is not available */
    public static double peakMiB() {
        return read("VmHWM:");
    }

    /** @return the 1-minute load average of the machine (runnable threads), NaN if unknown */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double read(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0; // the file gives kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
