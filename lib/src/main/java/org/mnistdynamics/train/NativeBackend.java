package org.mnistdynamics.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses the ND4J native build ("classifier") for this CPU before ND4J loads.
 *
 * <p>The library ships the {@code nd4j-native} builds {@code linux-x86_64} (stock), {@code -avx2}, {@code -avx512},
 * {@code -onednn}, {@code -onednn-avx2} and {@code -onednn-avx512}. JavaCPP loads the one named by the system property
 * {@code org.bytedeco.javacpp.platform.extension}. {@link #configure()} sets it from the CPU flags in
 * {@code /proc/cpuinfo}, unless the user set it (property, or environment variable {@code MNIST_ND4J_EXTENSION}; use
 * {@code stock} for the plain build). The choice (fastest measured on these machines, see {@code results/bench.csv}) is
 * recorded in each run's provenance.
 */
public final class NativeBackend {

    /** JavaCPP's system property naming the native build variant. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    private static final Logger log = LoggerFactory.getLogger(NativeBackend.class);
    private static volatile String chosen;

    private NativeBackend() {
    }

    /**
     * Sets the native build variant if nobody has; must run before the first ND4J call (later calls are no-ops).
     *
     * @return the variant in use: {@code stock}, {@code -avx2}, {@code -avx512}, {@code -onednn-avx512}, ...
     */
    public static synchronized String configure() {
        if (chosen != null) {
            return chosen;
        }
        String requested = System.getProperty(EXTENSION_PROPERTY);
        if (requested == null) {
            requested = System.getenv("MNIST_ND4J_EXTENSION");
        }
        if (requested == null) {
            requested = bestFor(cpuFlags());
        }
        if ("stock".equals(requested) || requested.isEmpty()) {
            System.clearProperty(EXTENSION_PROPERTY);
            chosen = "stock";
        } else {
            System.setProperty(EXTENSION_PROPERTY, requested);
            chosen = requested;
        }
        log.info("ND4J native build: {}", chosen);
        return chosen;
    }

    /** @return the variant chosen by {@link #configure()}, configuring first if needed */
    public static String variant() {
        return configure();
    }

    /**
     * @param flags CPU flags (lower case, as in /proc/cpuinfo)
     * @return the fastest correct variant for them (measured on 2-core AVX-512 machines, see README "Speed")
     */
    public static String bestFor(Set<String> flags) {
        if (flags.contains("avx512f") && flags.contains("avx512bw") && flags.contains("avx512vl") && flags.contains("avx512dq")) {
            return "-onednn-avx512";
        }
        if (flags.contains("avx2") && flags.contains("fma")) {
            return "-onednn-avx2";
        }
        return "stock";
    }

    /** @return the CPU flags of the first processor in /proc/cpuinfo (empty where that file does not exist) */
    public static Set<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return Set.of(line.substring(line.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT).split("\\s+"));
                }
            }
        } catch (IOException e) {
            log.warn("cannot read /proc/cpuinfo ({}); using the stock ND4J build", e.getMessage());
        }
        return Set.of();
    }

    /** @return the CPU model name from /proc/cpuinfo, or os.arch */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}
