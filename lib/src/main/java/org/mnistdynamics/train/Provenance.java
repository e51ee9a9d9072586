package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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
 * @param gitCommit        commit of the project ({@code git rev-parse HEAD} in the project root), with {@code -dirty} if
 *                         tracked files had changes, or {@code unknown} outside a git checkout
 * @param profile          smoke, quick or full (or {@code custom})
 * @param libraries        library versions (dl4j, tablesaw, xchart, smile, ...)
 * @param jvm              java.vm.name and java.version
 * @param cpu              CPU model and number of available processors
 * @param backend          ND4J backend class, native build variant, DL4J layer helpers, BLAS and OpenMP thread information
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
        return new Provenance(currentGitCommit(projectRoot), profile, libraryVersions(),
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

    /** @return ND4J backend facts: class, native variant, BLAS vendor, threads */
    public static Map<String, String> backendInfo() {
        Map<String, String> out = new TreeMap<>();
        out.put("variant", NativeBackend.variant());
        out.put("dl4jHelpers", NativeBackend.helpersEnabled() ? "onednn (fused conv2d/maxpool2d ops)" : "off");
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
