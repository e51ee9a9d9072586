package org.mnistdynamics.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's PyTorch peer: runs {@value #SCRIPT} (the identical baseline network and training step in PyTorch
 * on the CPU, same data, batch size, images, warm-up, repeats and threads as a {@link BenchChild}) with the Python
 * of its own virtual environment {@value #VENV}, and parses its {@code PEER-RESULT <json>} line ({@link PeerResult}).
 *
 * <p>The environment holds the {@code torch} pinned in {@value #REQUIREMENTS}; {@link #install} creates it on request
 * ({@code bench --pytorch-install}; PyPI's Linux wheel is the CUDA build, about 5 GB with its dependencies, and runs
 * on the CPU). When it is missing or torch cannot be imported, {@link #measure} throws {@link Unavailable} with the
 * reason, and the benchmark records the row as skipped.
 */
public final class PytorchPeer {

    /** The peer script, relative to the project root. */
    public static final String SCRIPT = "scripts/bench/pytorch_peer.py";
    /** The pinned requirements, relative to the project root. */
    public static final String REQUIREMENTS = "scripts/bench/requirements-pytorch.txt";
    /** The peer's virtual environment, relative to the project root (gitignored). */
    public static final String VENV = ".venv-bench-pytorch";
    /** Prefix of the result line. */
    public static final String RESULT_PREFIX = "PEER-RESULT ";
    /** Prefix of the line the script prints when torch cannot be imported. */
    public static final String UNAVAILABLE_PREFIX = "PEER-UNAVAILABLE ";

    private final Path root;
    private final Path python;
    private final BenchRunner.Settings settings;
    private int launched;

    /**
     * @param root     project root (holds the script; {@code data/mnist})
     * @param python   the Python to run the script with; {@code null} for {@value #VENV}{@code /bin/python}
     * @param settings images, repeats, warm-up, log folder and time limit (as for the Java children)
     */
    public PytorchPeer(Path root, Path python, BenchRunner.Settings settings) {
        this.root = root;
        this.python = python != null ? python : defaultPython(root);
        this.settings = settings;
    }

    /** @return the virtual environment's Python under the project root */
    public static Path defaultPython(Path root) {
        return root.resolve(VENV).resolve("bin").resolve("python");
    }

    /** The peer cannot run here (no environment, or torch not importable); the message says why and what to do. */
    public static final class Unavailable extends IOException {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /**
     * What the peer script printed (JSON after {@value #RESULT_PREFIX}).
     *
     * @param variant         eager or channels-last
     * @param threads         torch intra-op threads
     * @param torchVersion    {@code torch.__version__}
     * @param onednn          whether torch's oneDNN (mkldnn) backend is available
     * @param parameters      parameter count of the PyTorch network (the script asserts 421,642)
     * @param imagesPerSecond training images/s per timed repeat
     * @param cpuUtilisation  per repeat: process CPU time / (wall time x threads)
     * @param lastLoss        last mini-batch loss
     * @param peakRssMiB      peak resident memory, MiB
     * @param loadAverage     1-minute load average at the end
     */
    public record PeerResult(@JsonProperty("variant") String variant, @JsonProperty("threads") int threads,
                             @JsonProperty("torchVersion") String torchVersion, @JsonProperty("onednn") boolean onednn,
                             @JsonProperty("parameters") long parameters,
                             @JsonProperty("imagesPerSecond") List<Double> imagesPerSecond,
                             @JsonProperty("cpuUtilisation") List<Double> cpuUtilisation,
                             @JsonProperty("lastLoss") double lastLoss, @JsonProperty("peakRssMiB") double peakRssMiB,
                             @JsonProperty("loadAverage") double loadAverage) {

        /** @return the same numbers as a {@link ChildResult} (no Java set-up; GEMM rate not measured: NaN) */
        public ChildResult toChildResult() {
            return new ChildResult(null, "torch " + torchVersion, onednn ? "onednn (torch)" : "none", Double.NaN,
                    imagesPerSecond, cpuUtilisation, lastLoss, peakRssMiB, loadAverage);
        }
    }

    /**
     * Parses the peer's standard output.
     *
     * @param stdout the lines it printed
     * @param setUp  what was asked for
     * @return the result
     * @throws Unavailable  if the script reported that torch cannot be imported
     * @throws IOException  if there is no result line, it does not parse, or it does not match the request or the
     *                      Java network's parameter count
     */
    public static PeerResult parse(List<String> stdout, PeerSetUp setUp) throws IOException {
        PeerResult result = null;
        for (String line : stdout) {
            if (line.startsWith(UNAVAILABLE_PREFIX)) {
                throw new Unavailable(line.substring(UNAVAILABLE_PREFIX.length()).trim()
                        + "; create the environment with `bin/mnist-dynamics bench --pytorch-install`");
            }
            if (line.startsWith(RESULT_PREFIX)) {
                result = Json.JSON.readValue(line.substring(RESULT_PREFIX.length()), PeerResult.class);
            }
        }
        if (result == null) {
            throw new IOException("the PyTorch peer printed no " + RESULT_PREFIX.trim() + " line");
        }
        long javaCount = CnnSpec.BASELINE.withKernelSize(3).parameterCount();
        if (result.parameters() != javaCount) {
            throw new IOException("the PyTorch network has " + result.parameters() + " parameters, the Java one "
                    + javaCount + ": not the same network");
        }
        if (!result.variant().equals(setUp.variant()) || result.threads() != setUp.threads()) { // pinning is not echoed
            throw new IOException("asked the PyTorch peer for " + setUp.name() + " but it ran " + result.variant()
                    + " with " + result.threads() + " threads");
        }
        if (result.imagesPerSecond().isEmpty() || result.imagesPerSecond().size() != result.cpuUtilisation().size()) {
            throw new IOException("the PyTorch peer reported " + result.imagesPerSecond().size() + " rates and "
                    + result.cpuUtilisation().size() + " utilisations");
        }
        return result;
    }

    /**
     * Times one peer set-up.
     *
     * @param setUp variant and threads
     * @return its result as a child result
     * @throws Unavailable if the environment is missing or torch cannot be imported
     * @throws IOException naming the log if the script fails, times out or prints no valid result
     */
    public ChildResult measure(PeerSetUp setUp) throws IOException {
        return parse(run(setUp, List.of("--images", Integer.toString(settings.images()),
                "--repeats", Integer.toString(settings.repeats()), "--warmup", Integer.toString(settings.warmup()))),
                setUp).toChildResult();
    }

    /**
     * Profiles {@code images} training images (after the usual warm-up) with torch.profiler.
     *
     * @param setUp  variant and threads
     * @param images images profiled
     * @param out    JSON operator table the script writes ({@link OpProfile#readPeer})
     * @throws IOException as {@link #measure}
     */
    public void profile(PeerSetUp setUp, int images, Path out) throws IOException {
        List<String> lines = run(setUp, List.of("--images", Integer.toString(images), "--warmup",
                Integer.toString(settings.warmup()), "--profile", out.toAbsolutePath().toString()));
        for (String line : lines) {
            if (line.startsWith(UNAVAILABLE_PREFIX)) {
                throw new Unavailable(line.substring(UNAVAILABLE_PREFIX.length()).trim());
            }
        }
        if (!Files.isRegularFile(out)) {
            throw new IOException("the PyTorch peer wrote no profile to " + out);
        }
    }

    private List<String> run(PeerSetUp setUp, List<String> extra) throws IOException {
        if (!Files.isExecutable(python)) {
            throw new Unavailable("no Python environment for the PyTorch peer at " + python
                    + "; create it with `bin/mnist-dynamics bench --pytorch-install` (installs " + REQUIREMENTS
                    + " into " + VENV + "/, about 5 GB)");
        }
        Files.createDirectories(settings.logDir());
        launched++;
        Path log = settings.logDir().resolve(String.format(Locale.ROOT, "peer-%02d-%s.log", launched,
                setUp.name().replaceAll("[^A-Za-z0-9+-]+", "_")));
        List<String> cmd = new ArrayList<>(List.of(python.toString(), root.resolve(SCRIPT).toString(),
                "--data-dir", root.resolve("data").resolve("mnist").toString(), "--variant", setUp.variant(),
                "--threads", Integer.toString(setUp.threads())));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(setUp.threads()));
        pb.environment().put("MKL_NUM_THREADS", Integer.toString(setUp.threads()));
        for (String v : SetUp.PINNED_ENVIRONMENT.keySet()) {
            pb.environment().remove(v);
        }
        if (setUp.pinned()) {
            pb.environment().putAll(SetUp.PINNED_ENVIRONMENT);
        }
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            if (!p.waitFor(settings.timeoutSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the PyTorch peer (" + setUp.name() + ") took longer than "
                        + settings.timeoutSeconds() + " s; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IOException("the PyTorch peer (" + setUp.name() + ") exited with code " + p.exitValue()
                        + "; last lines of " + log + ":\n" + BenchRunner.tail(log, 15));
            }
            return lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running the PyTorch peer", e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * Creates the peer's virtual environment with {@code python3 -m venv} and installs {@value #REQUIREMENTS} into it
     * with pip, unless its Python exists already. Only on request ({@code bench --pytorch-install}), never in tests.
     *
     * @param log progress lines
     * @throws IOException naming the log if venv or pip fails
     */
    public void install(PrintStream log) throws IOException {
        if (Files.isExecutable(python)) {
            log.println("[bench] PyTorch peer environment present: " + python);
            return;
        }
        Path venv = root.resolve(VENV);
        Files.createDirectories(settings.logDir());
        Path out = settings.logDir().resolve("peer-install.log");
        log.println("[bench] creating " + venv + " and installing " + REQUIREMENTS + " (about 5 GB; log: " + out + ")");
        exec(List.of("python3", "-m", "venv", venv.toString()), out);
        exec(List.of(defaultPython(root).toString(), "-m", "pip", "install", "-r", root.resolve(REQUIREMENTS).toString()), out);
    }

    private static void exec(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "); last lines of "
                        + log + ":\n" + BenchRunner.tail(log, 15));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
