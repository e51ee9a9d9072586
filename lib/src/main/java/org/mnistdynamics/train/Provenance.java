package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where and how a result was computed (DESIGN convention 8).
 *
 * @param gitCommit        the commit the library's classes were built from ({@link #buildCommit()}), with {@code -dirty}
 *                         if tracked files had changes then; for a build without that record, the project checkout's
 *                         commit at run time ({@link #currentGitCommit(Path)}); {@code unknown} without git
 * @param profile          smoke, quick or full (or {@code custom})
 * @param libraries        library versions (dl4j, tablesaw, xchart, smile, ...)
 * @param jvm              java.vm.name and java.version
 * @param cpu              CPU model and number of available processors
 * @param backend          ND4J backend class, native build variant, the DL4J layer helpers requested
 *                         ({@code dl4jHelpersRequested}), allowed by libnd4j ({@code libnd4jHelpersAllowed}, false
 *                         with {@code SD_FORBID_HELPERS=1} or {@code allowHelpers(false)}) and actually attached to the
 *                         network's layers ({@code dl4jHelpers}, {@link #withHelpersOf}), BLAS and OpenMP threads
 * @param startTime        ISO-8601 start
 * @param endTime          ISO-8601 end, or null while running
 * @param wallSeconds      training wall time of this process's session(s), seconds
 */
public record Provenance(@JsonProperty("gitCommit") String gitCommit, @JsonProperty("profile") String profile,
                         @JsonProperty("libraries") Map<String, String> libraries, @JsonProperty("jvm") String jvm,
                         @JsonProperty("cpu") String cpu, @JsonProperty("backend") Map<String, String> backend,
                         @JsonProperty("startTime") String startTime, @JsonProperty("endTime") String endTime,
                         @JsonProperty("wallSeconds") double wallSeconds) {

    /** JSON creator. */
    @JsonCreator
    public Provenance {
    }

    /**
     * @param profile     profile name
     * @param projectRoot the project's root, whose git commit is recorded (the runs may live elsewhere)
     * @return the provenance of a run starting now in this process
     */
    public static Provenance start(String profile, Path projectRoot) {
        String built = buildCommit();
        return new Provenance("unknown".equals(built) ? currentGitCommit(projectRoot) : built, profile, libraryVersions(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                NativeBackend.cpuModel() + " (" + Runtime.getRuntime().availableProcessors() + " processors)",
                backendInfo(), Instant.now().toString(), null, 0);
    }

    /** @return a copy that records the end now and the given wall time */
    public Provenance finished(double seconds) {
        return new Provenance(gitCommit, profile, libraries, jvm, cpu, backend, startTime, Instant.now().toString(), seconds);
    }

    /** @return versions of the libraries, from the build (Maven-filtered {@code versions.properties}) */
    public static Map<String, String> libraryVersions() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/org/mnistdynamics/versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // reported as an empty map
        }
        Map<String, String> out = new TreeMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    /**
     * @return a copy whose {@code backend.dl4jHelpers} names the helpers actually attached to the network's layers
     *         ({@link #attachedHelpers}); a run resumed in a session with other helpers records both
     * @param net the run's network, built or restored in this session
     */
    public Provenance withHelpersOf(MultiLayerNetwork net) {
        Map<String, String> b = new TreeMap<>(backend);
        String now = attachedHelpers(net);
        String before = backend.get("dl4jHelpers");
        b.put("dl4jHelpers", before == null || before.equals(now) || before.endsWith("after resume: " + now) ? (before == null ? now : before)
                : before + "; after resume: " + now);
        return new Provenance(gitCommit, profile, libraries, jvm, cpu, b, startTime, endTime, wallSeconds);
    }

    /**
     * What DL4J attached, which is what runs: the property {@value NativeBackend#HELPERS_PROPERTY} only asks, and DL4J
     * attaches nothing when libnd4j forbids helpers ({@code SD_FORBID_HELPERS=1}, {@code allowHelpers(false)}).
     *
     * @param net a built network
     * @return e.g. {@code "ConvolutionLayer: MKLDNNConvHelper, SubsamplingLayer: MKLDNNSubsamplingHelper"}, or
     *         {@code "none"} when no layer has a helper
     */
    public static String attachedHelpers(MultiLayerNetwork net) {
        java.util.SortedSet<String> found = new java.util.TreeSet<>();
        for (Layer layer : net.getLayers()) {
            Object helper = layer instanceof ConvolutionLayer c ? c.getHelper()
                    : layer instanceof SubsamplingLayer p ? p.getHelper() : null;
            if (helper != null) {
                found.add(layer.getClass().getSimpleName() + ": " + helper.getClass().getSimpleName());
            }
        }
        return found.isEmpty() ? "none" : String.join(", ", found);
    }

    /**
     * The commit the library's classes were built from, recorded by the Maven build
     * ({@code org/mnistdynamics/build-commit.properties}, written by {@code git rev-parse HEAD} and
     * {@code git status --porcelain --untracked-files=no} in lib/).
     *
     * @return the 40-digit commit, with {@code -dirty} if tracked files had changes at build time, or {@code unknown}
     *         when the build did not record one (no git, or classes built another way)
     */
    public static String buildCommit() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/org/mnistdynamics/build-commit.properties")) {
            if (in == null) {
                return "unknown";
            }
            p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        String commit = p.getProperty("commit", "").strip();
        if (!commit.matches("[0-9a-f]{40}")) {
            return "unknown";
        }
        return commit + ("true".equals(p.getProperty("dirty", "").strip()) ? "-dirty" : "");
    }

    /**
     * @param commit a {@link #gitCommit()} value
     * @return true if it names a commit whose tree had no uncommitted changes
     */
    public static boolean isCleanCommit(String commit) {
        return commit != null && commit.matches("[0-9a-f]{40}");
    }

    /** @return ND4J backend facts: class, native variant, helper switches, BLAS vendor, threads */
    public static Map<String, String> backendInfo() {
        Map<String, String> out = new TreeMap<>();
        out.put("variant", NativeBackend.variant());
        out.put("dl4jHelpersRequested", NativeBackend.helpersEnabled() ? "on" : "off");
        out.put("libnd4jHelpersAllowed", Boolean.toString(Nd4j.getEnvironment().helpersAllowed()));
        out.put("class", Nd4j.getBackend().getClass().getName());
        Nd4j.getExecutioner().getEnvironmentInformation().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("blas") || key.contains("omp") || key.contains("cores") || key.equals("backend")) {
                out.put(key, String.valueOf(v));
            }
        });
        return out;
    }

    /**
     * @param dir a folder inside the project's git checkout (the project root)
     * @return {@code git rev-parse HEAD} there, {@code -dirty} appended if tracked files are modified, or "unknown"
     *         outside a checkout or without git
     */
    public static String currentGitCommit(Path dir) {
        try {
            String head = run(dir, "git", "rev-parse", "HEAD");
            String status = run(dir, "git", "status", "--porcelain", "--untracked-files=no");
            return head.isEmpty() ? "unknown" : head + (status.isEmpty() ? "" : "-dirty");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String run(Path dir, String... cmd) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return "";
        }
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toAbsolutePath().toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
