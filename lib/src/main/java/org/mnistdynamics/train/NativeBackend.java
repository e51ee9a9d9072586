package org.mnistdynamics.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses the ND4J native build ("classifier") for this CPU before ND4J loads.
 *
 * <p>The library ships the {@code nd4j-native} build {@code linux-x86_64-onednn}; the Maven profile
 * {@code reference-builds} adds {@code linux-x86_64} (stock), {@code -avx2}, {@code -avx512}, {@code -onednn-avx2} and
 * {@code -onednn-avx512} for the benchmark ({@link #shippedVariants()} lists those on the classpath). JavaCPP loads
 * the one named by the system property {@code org.bytedeco.javacpp.platform.extension}. {@link #configure()} sets it
 * from the CPU flags in {@code /proc/cpuinfo} among the shipped builds, unless the user set it (property, or
 * environment variable {@code MNIST_ND4J_EXTENSION}; use {@code stock} for the plain build; JavaCPP itself would
 * otherwise pick the "best" build it finds, e.g. {@code -avx512}). The choice (fastest measured, see {@link #bestFor}
 * and {@code results/bench.csv}) is recorded in each run's provenance.
 *
 * <p>With a {@code -onednn} build it also switches on DL4J's oneDNN layer helpers (system property
 * {@value #HELPERS_PROPERTY} = {@code false}; DL4J 1.0.0-M2.1 ships them switched off and, without the shim
 * {@code org.nd4j.nativeblas.Nd4jCpu}, unusable): convolution and max-pooling layers then run libnd4j's fused
 * {@code conv2d}/{@code maxpool2d} ops on oneDNN instead of DL4J's Java-side im2col path, 4 to 5 times faster per
 * training step on 2 cores ({@code results/bench.csv}) and equal within float rounding
 * ({@code FastSetUpEquivalenceTest}). Without oneDNN the same ops are no faster than DL4J's path and leave
 * gigabytes of off-heap garbage, so helpers stay off there. Users decide with {@code -D}{@value #HELPERS_PROPERTY}
 * or {@code MNIST_DL4J_HELPERS=on|off}. With the CUDA backend on the classpath (Maven profile {@code cuda}) neither
 * setting is touched.
 */
public final class NativeBackend {

    /** JavaCPP's system property naming the native build variant. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** DL4J's system property that, when {@code true} (DL4J's default), keeps layer helpers off. */
    public static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** ND4J's CUDA backend class; present only in builds with the Maven profile {@code cuda}. */
    static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";

    private static final Logger log = LoggerFactory.getLogger(NativeBackend.class);
    private static volatile String chosen;

    private NativeBackend() {
    }

    /**
     * Sets the native build variant if nobody has; must run before the first ND4J call (later calls are no-ops).
     *
     * @return the variant in use: {@code stock}, {@code -avx2}, {@code -avx512}, {@code -onednn}, ..., or
     *         {@code cuda} when the CUDA backend is on the classpath
     * @throws IllegalStateException if the user asked for a build that is not on the classpath (the message lists
     *                               the shipped ones and the Maven profile that adds the others)
     */
    public static synchronized String configure() {
        if (chosen != null) {
            return chosen;
        }
        if (onClasspath(CUDA_BACKEND_CLASS)) {
            chosen = "cuda";
            log.info("ND4J backend: CUDA (Maven profile cuda)");
            return chosen;
        }
        String requested = System.getProperty(EXTENSION_PROPERTY);
        if (requested == null) {
            requested = System.getenv("MNIST_ND4J_EXTENSION");
        }
        List<String> shipped = shippedVariants();
        if (requested == null) {
            requested = bestFor(cpuFlags());
            if (!shipped.contains(requested) && !shipped.isEmpty()) {
                // e.g. a CPU without SSE4.1 and only the -onednn build shipped: oneDNN runs its generic kernels there
                log.info("ND4J build {} is not shipped; using {}", requested, shipped.get(0));
                requested = shipped.get(0);
            }
        } else if (!shipped.isEmpty() && !shipped.contains(requested.isEmpty() ? "stock" : requested)) {
            throw new IllegalStateException("ND4J native build '" + requested + "' (" + EXTENSION_PROPERTY
                    + " or MNIST_ND4J_EXTENSION) is not on the classpath; shipped: " + shipped
                    + ". The other builds come with the Maven profile reference-builds: mvn -P cpu,reference-builds "
                    + "-DskipTests package");
        }
        if ("stock".equals(requested) || requested.isEmpty()) {
            // An empty extension selects the plain build; without the property JavaCPP would pick the best build
            // the CPU supports by itself (-avx512 here), so "stock" would silently not be stock.
            System.setProperty(EXTENSION_PROPERTY, "");
            chosen = "stock";
        } else {
            System.setProperty(EXTENSION_PROPERTY, requested);
            chosen = requested;
        }
        configureHelpers(chosen);
        log.info("ND4J native build: {}, DL4J layer helpers {}", chosen, helpersOn() ? "on" : "off");
        return chosen;
    }

    /**
     * Sets DL4J's helper switch unless the user did (property, or {@code MNIST_DL4J_HELPERS=on|off}): on exactly for
     * the {@code -onednn} builds.
     */
    private static void configureHelpers(String variant) {
        if (System.getProperty(HELPERS_PROPERTY) != null) {
            return;
        }
        String env = System.getenv("MNIST_DL4J_HELPERS");
        boolean on;
        if (env != null && !env.isBlank()) {
            on = env.equalsIgnoreCase("on") || env.equalsIgnoreCase("true");
        } else {
            on = variant.contains("onednn");
        }
        System.setProperty(HELPERS_PROPERTY, Boolean.toString(!on));
    }

    private static boolean helpersOn() {
        return "false".equalsIgnoreCase(System.getProperty(HELPERS_PROPERTY, "true"));
    }

    /** @return {@code true} if DL4J will attach its oneDNN layer helpers to layers created from now on */
    public static boolean helpersEnabled() {
        configure();
        return helpersOn();
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, NativeBackend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The nd4j-native builds on the classpath, found by their JNI library
     * ({@code org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64<variant>/libjnind4jcpu.so}) without loading any.
     *
     * @return the shipped variants among {@code stock}, {@code -avx2}, {@code -avx512}, {@code -onednn},
     *         {@code -onednn-avx2}, {@code -onednn-avx512}, with {@code -onednn} first when present; empty without
     *         nd4j-native (e.g. the CUDA backend)
     */
    public static List<String> shippedVariants() {
        List<String> out = new ArrayList<>();
        for (String v : List.of("-onednn", "stock", "-avx2", "-avx512", "-onednn-avx2", "-onednn-avx512")) {
            String folder = "linux-x86_64" + ("stock".equals(v) ? "" : v);
            if (NativeBackend.class.getClassLoader().getResource(
                    "org/nd4j/linalg/cpu/nativecpu/bindings/" + folder + "/libjnind4jcpu.so") != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** @return the variant chosen by {@link #configure()}, configuring first if needed */
    public static String variant() {
        return configure();
    }

    /**
     * The fastest correct build measured ({@code results/bench.csv}, 2-core AMD EPYC with AVX-512): the generic
     * {@code -onednn} build with helpers, ahead of {@code -onednn-avx512} and {@code -onednn-avx2} (oneDNN picks its
     * kernels by CPU at run time anyway, and the other ops gain nothing from the AVX builds). oneDNN's optimised
     * kernels need SSE4.1; older CPUs get the plain build.
     *
     * @param flags CPU flags (lower case, as in /proc/cpuinfo)
     * @return {@code -onednn} if the CPU has SSE4.1, else {@code stock}
     */
    public static String bestFor(Set<String> flags) {
        return flags.contains("sse4_1") ? "-onednn" : "stock";
    }

    /**
     * @param flags CPU flags (lower case, as in /proc/cpuinfo)
     * @return the nd4j-native builds this CPU can run, in the order stock, -avx2, -avx512, -onednn, -onednn-avx2,
     *         -onednn-avx512 (the AVX2 builds need AVX2 and FMA; the AVX-512 builds need AVX-512 F, BW, VL and DQ)
     */
    public static java.util.List<String> supportedVariants(Set<String> flags) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String onednn : new String[]{"", "-onednn"}) {
            out.add(onednn.isEmpty() ? "stock" : onednn);
            if (hasAvx2(flags)) {
                out.add(onednn + "-avx2");
            }
            if (hasAvx512(flags)) {
                out.add(onednn + "-avx512");
            }
        }
        return out;
    }

    private static boolean hasAvx512(Set<String> flags) {
        return flags.contains("avx512f") && flags.contains("avx512bw") && flags.contains("avx512vl") && flags.contains("avx512dq");
    }

    private static boolean hasAvx2(Set<String> flags) {
        return flags.contains("avx2") && flags.contains("fma");
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
