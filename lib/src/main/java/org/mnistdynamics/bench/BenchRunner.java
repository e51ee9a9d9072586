package org.mnistdynamics.bench;

import org.mnistdynamics.train.NativeBackend;
import org.mnistdynamics.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link BenchChild} processes, one JVM per set-up (two side by side for {@code processes = 2}), with the same
 * classpath as this JVM, and collects their results.
 *
 * <p>Each child gets: {@code -D}{@value NativeBackend#EXTENSION_PROPERTY}{@code =<classifier>},
 * {@code -D}{@value NativeBackend#HELPERS_PROPERTY}{@code =<!helpers>}, {@code OMP_NUM_THREADS=<threads>}, and the
 * heap and off-heap limits {@link #CHILD_JVM_OPTIONS}. Its standard error goes to {@code <logDir>/NN-<name>.log}.
 */
public final class BenchRunner {

    /** Heap and off-heap limits of a child (MNIST as float arrays is about 220 MiB; see README "Memory"). */
    public static final List<String> CHILD_JVM_OPTIONS = List.of("-Xmx2g", "-Djava.awt.headless=true",
            "-Dorg.bytedeco.javacpp.maxbytes=2G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=5G");

    private final Settings settings;
    private int launched;

    /**
     * How children measure.
     *
     * @param images          images per timed repeat
     * @param repeats         timed repeats (median is reported), at least 3
     * @param warmup          untimed warm-up images
     * @param gemmSize        GEMM matrix side
     * @param gemmRepeats     timed GEMM products
     * @param projectDir      project root (data/)
     * @param logDir          where children's standard error goes
     * @param timeoutSeconds  limit per child, seconds
     */
    public record Settings(int images, int repeats, int warmup, int gemmSize, int gemmRepeats, Path projectDir,
                           Path logDir, long timeoutSeconds) {
        /**
         * @throws IllegalArgumentException naming the value
         */
        public Settings {
            if (repeats < 3) {
                throw new IllegalArgumentException("repeats = " + repeats + ": at least 3 are needed for a median");
            }
            if (images < 128 || warmup < 0) {
                throw new IllegalArgumentException("images per repeat = " + images + " (>= 128, one mini-batch) and warm-up = "
                        + warmup + " (>= 0) expected");
            }
        }
    }

    /** @return how children measure */
    public Settings settings() {
        return settings;
    }

    /** @param settings how to measure */
    public BenchRunner(Settings settings) {
        this.settings = settings;
    }

    /**
     * Measures one set-up.
     *
     * @param setUp the set-up
     * @return its results (one per process)
     * @throws IOException naming the child's log if a child fails, times out or prints no result
     */
    public List<ChildResult> measure(SetUp setUp) throws IOException {
        Files.createDirectories(settings.logDir());
        int n = setUp.processes();
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                launched++;
                Path log = settings.logDir().resolve(String.format(Locale.ROOT, "%02d-%s%s.log", launched,
                        setUp.name().replaceAll("[^A-Za-z0-9+-]+", "_"), n > 1 ? "-p" + (i + 1) : ""));
                logs.add(log);
                processes.add(start(setUp, n > 1, log));
            }
            CountDownLatch ready = new CountDownLatch(n);
            List<CompletableFuture<ChildResult>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Process p = processes.get(i);
                Path log = logs.get(i);
                results.add(CompletableFuture.supplyAsync(() -> readResult(p, ready, log)));
            }
            if (n > 1) {
                // Start timing together so that the two processes really share the cores.
                if (!ready.await(settings.timeoutSeconds(), TimeUnit.SECONDS)) {
                    throw new IOException("benchmark children did not get ready in " + settings.timeoutSeconds() + " s; see " + logs);
                }
                for (Process p : processes) {
                    try {
                        OutputStream in = p.getOutputStream();
                        in.write("GO\n".getBytes(StandardCharsets.UTF_8));
                        in.flush();
                    } catch (IOException deadChild) {
                        // reported below with the child's log by readResult
                    }
                }
            }
            List<ChildResult> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Process p = processes.get(i);
                if (!p.waitFor(settings.timeoutSeconds(), TimeUnit.SECONDS)) {
                    throw new IOException("benchmark child for '" + setUp.name() + "' took longer than "
                            + settings.timeoutSeconds() + " s; see " + logs.get(i));
                }
                out.add(results.get(i).get(60, TimeUnit.SECONDS));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while benchmarking '" + setUp.name() + "'", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(cause.getMessage(), cause);
        } finally {
            for (Process p : processes) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * Profiles one set-up in a child JVM ({@link ProfileChild}): one real Trainer epoch under JFR, and per-layer times.
     *
     * @param setUp       the set-up (one process)
     * @param trainImages training images of the profiled epoch
     * @param evalImages  validation/test images per evaluation
     * @return what the child found
     * @throws IOException naming the child's log if it fails or prints no result
     */
    public ProfileChild.Result profile(SetUp setUp, int trainImages, int evalImages) throws IOException {
        Files.createDirectories(settings.logDir());
        launched++;
        String slug = String.format(Locale.ROOT, "%02d-profile-%s", launched, setUp.name().replaceAll("[^A-Za-z0-9+-]+", "_"));
        Path log = settings.logDir().resolve(slug + ".log");
        Path work = Files.createTempDirectory(slug);
        Process p = start(ProfileChild.class, setUp, List.of("--setup", Json.canonical(setUp),
                "--train-images", Integer.toString(trainImages), "--eval-images", Integer.toString(evalImages),
                "--project-dir", settings.projectDir().toString(), "--work-dir", work.toString()), log);
        ProfileChild.Result result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ProfileChild.PREFIX)) {
                    result = Json.JSON.readValue(line.substring(ProfileChild.PREFIX.length()), ProfileChild.Result.class);
                }
            }
            if (!p.waitFor(settings.timeoutSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0 || result == null) {
                throw new IOException("profile child for '" + setUp.name() + "' failed; last lines of " + log + ":\n" + tail(log, 15));
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while profiling '" + setUp.name() + "'", e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            deleteTree(work);
        }
    }

    /**
     * Per-operation profile of single training steps of one set-up ({@link ProfileChild} {@code --ops}, with
     * oneDNN's verbose log on).
     *
     * @param setUp the set-up (one process)
     * @param steps profiled steps
     * @return the table rows ({@link OpProfile#javaRows})
     * @throws IOException naming the child's log if it fails or prints no result
     */
    public List<OpProfile.Row> opProfile(SetUp setUp, int steps) throws IOException {
        Files.createDirectories(settings.logDir());
        launched++;
        String slug = String.format(Locale.ROOT, "%02d-ops-%s", launched, setUp.name().replaceAll("[^A-Za-z0-9+-]+", "_"));
        Path log = settings.logDir().resolve(slug + ".log");
        Path work = Files.createTempDirectory(slug);
        int warmup = Math.max(2, (settings.warmup() + 127) / 128);
        Process p = start(ProfileChild.class, setUp, List.of("--setup", Json.canonical(setUp), "--ops",
                "--op-steps", Integer.toString(steps), "--layer-batches", Integer.toString(warmup),
                "--project-dir", settings.projectDir().toString(), "--work-dir", work.toString()), log,
                java.util.Map.of("DNNL_VERBOSE", "1", "DNNL_VERBOSE_TIMESTAMP", "1"));
        List<String> lines = new ArrayList<>();
        OpProfile.JavaSteps result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(OpProfile.PREFIX)) {
                    result = Json.JSON.readValue(line.substring(OpProfile.PREFIX.length()), OpProfile.JavaSteps.class);
                } else if (line.startsWith("dnnl_verbose,")) {
                    lines.add(line);
                }
            }
            if (!p.waitFor(settings.timeoutSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0 || result == null) {
                throw new IOException("op-profile child for '" + setUp.name() + "' failed; last lines of " + log + ":\n" + tail(log, 15));
            }
            return OpProfile.javaRows(result, lines);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while profiling '" + setUp.name() + "'", e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            deleteTree(work);
        }
    }

    private Process start(SetUp setUp, boolean sync, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("--setup", Json.canonical(setUp), "--images", Integer.toString(settings.images()),
                "--repeats", Integer.toString(settings.repeats()), "--warmup", Integer.toString(settings.warmup()),
                "--gemm-size", Integer.toString(settings.gemmSize()),
                "--gemm-repeats", Integer.toString(settings.gemmRepeats()),
                "--project-dir", settings.projectDir().toString()));
        if (sync) {
            args.add("--sync");
        }
        return start(BenchChild.class, setUp, args, log);
    }

    private Process start(Class<?> main, SetUp setUp, List<String> args, Path log) throws IOException {
        return start(main, setUp, args, log, java.util.Map.of());
    }

    private Process start(Class<?> main, SetUp setUp, List<String> args, Path log, java.util.Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(CHILD_JVM_OPTIONS);
        cmd.add("-XX:FlightRecorderOptions:stackdepth=256");
        cmd.add("-D" + NativeBackend.EXTENSION_PROPERTY + "=" + setUp.classifier());
        cmd.add("-D" + NativeBackend.HELPERS_PROPERTY + "=" + !setUp.helpers());
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(main.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(setUp.threads()));
        pb.environment().remove("MNIST_ND4J_EXTENSION");
        pb.environment().remove("MNIST_DL4J_HELPERS");
        for (String v : SetUp.PINNED_ENVIRONMENT.keySet()) {
            pb.environment().remove(v);
        }
        if (setUp.pinned()) {
            pb.environment().putAll(SetUp.PINNED_ENVIRONMENT);
        }
        pb.environment().putAll(env);
        return pb.start();
    }

    private static ChildResult readResult(Process p, CountDownLatch ready, Path log) {
        ChildResult result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("READY")) {
                    ready.countDown();
                } else if (line.startsWith(ChildResult.PREFIX)) {
                    result = Json.JSON.readValue(line.substring(ChildResult.PREFIX.length()), ChildResult.class);
                }
            }
            int exit = p.waitFor();
            if (exit != 0 || result == null) {
                throw new IllegalStateException("benchmark child exited with code " + exit
                        + (result == null ? " without a result" : "") + "; last lines of " + log + ":\n" + tail(log, 15));
            }
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the benchmark child's output (" + log + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            ready.countDown(); // never leave the parent waiting for a child that died before READY
        }
    }

    /**
     * @param log   a child process's log
     * @param lines how many of its last lines
     * @return those lines, or a note that the log cannot be read
     */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }

    /**
     * @return this JVM's classpath: surefire's {@code surefire.test.class.path} when tests run from a manifest-only
     *         jar, else {@code java.class.path}
     */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
