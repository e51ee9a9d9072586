package org.mnistdynamics.faults;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command-line program ({@code org.mnistdynamics.cli.Main}) in a child JVM, so that a fault-injection test can
 * stop it for real: SIGKILL at a {@code FaultPoints} pause point, SIGSTOP/SIGCONT, or a second process on the same run.
 *
 * <p>The child's standard output and error go to files beside the project ({@code <name>.out}, {@code <name>.err}),
 * which the test polls for {@code PAUSED <point>} and reads for messages. The environment is the test's, minus the
 * variables that would redirect the project ({@code MNIST_PROJECT_DIR}, {@code MNIST_RUNS_DIR}, {@code MNIST_PROFILE}),
 * with {@code OMP_NUM_THREADS=1}.
 */
final class ChildCli {

    /** Exit status of a process ended by SIGKILL (128 + 9), as Java reports it on Linux. */
    static final int SIGKILL_STATUS = 137;

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(4);

    /** Every child started, so that none outlives the test JVM (a paused or stopped child would wait forever). */
    private static final List<Process> LIVE = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    final String name;
    final Process process;
    final Path out;
    final Path err;

    private ChildCli(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Options of one launch. */
    static final class Launch {
        private final Path logDir;
        private final String name;
        private final List<String> args;
        private final Map<String, String> env = new HashMap<>();
        private final List<String> properties = new ArrayList<>();

        /**
         * @param logDir folder for {@code <name>.out} and {@code <name>.err}
         * @param name   short name of the launch
         * @param args   CLI arguments, e.g. {@code train --project-dir ...}
         */
        Launch(Path logDir, String name, List<String> args) {
            this.logDir = logDir;
            this.name = name;
            this.args = List.copyOf(args);
        }

        /** Pauses the child at a fault point ({@code -Dmnist.pauseAt=<point>[#n]}). */
        Launch pauseAt(String point) {
            properties.add("-Dmnist.pauseAt=" + point);
            return this;
        }

        /** Adds a JVM system property {@code -Dkey=value}. */
        Launch property(String key, String value) {
            properties.add("-D" + key + "=" + value);
            return this;
        }

        /** Sets an environment variable of the child. */
        Launch env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Starts the child JVM. */
        ChildCli start() throws IOException {
            Files.createDirectories(logDir);
            Path out = logDir.resolve(name + ".out");
            Path err = logDir.resolve(name + ".err");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Small, bounded child JVMs: the numeric work is native (ND4J), the JIT tier and GC do not change it.
                    "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"));
            cmd.addAll(properties);
            cmd.addAll(List.of("-cp", classpath(), "org.mnistdynamics.cli.Main"));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("MNIST_PROJECT_DIR");
            pb.environment().remove("MNIST_RUNS_DIR");
            pb.environment().remove("MNIST_PROFILE");
            // One OpenMP thread per child: several children share 2 cores, and spinning OpenMP threads of
            // oversubscribed processes made a tiny run 2-3x slower. Every run of a comparison uses the same setting.
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.environment().putAll(env);
            Process process = pb.start();
            LIVE.add(process);
            return new ChildCli(name, process, out, err);
        }
    }

    /**
     * The test classpath: surefire's {@code surefire.test.class.path} when it runs the tests from a manifest-only jar,
     * else {@code java.class.path}.
     */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        boolean hasMain = Arrays.stream(cp.split(File.pathSeparator))
                .anyMatch(e -> Files.exists(Path.of(e).resolve("org/mnistdynamics/cli/Main.class")));
        if (!hasMain) {
            throw new IllegalStateException("the test classpath does not hold the compiled library (org/mnistdynamics/cli/"
                    + "Main.class); surefire may be using a manifest-only jar: " + cp);
        }
        return cp;
    }

    /** @return the child's process id */
    long pid() {
        return process.pid();
    }

    /** @return everything the child wrote to standard error so far */
    String stderr() {
        return read(err);
    }

    /** @return everything the child wrote to standard output so far */
    String stdout() {
        return read(out);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Waits until standard error contains {@code text}.
     *
     * @throws AssertionError if the child exits first or the time runs out (with the child's output)
     */
    ChildCli awaitStderr(String text) throws InterruptedException {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (!stderr().contains(text)) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " before printing '" + text + "'\n" + describe());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail(name + " did not print '" + text + "' within " + DEFAULT_TIMEOUT + "\n" + describe());
            }
            Thread.sleep(50);
        }
        return this;
    }

    /** Waits for the {@code PAUSED <point>} line of a pause point ({@code point} may carry {@code #n}). */
    ChildCli awaitPause(String point) throws InterruptedException {
        int hash = point.lastIndexOf('#');
        return awaitStderr("PAUSED " + (hash > 0 ? point.substring(0, hash) : point));
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux) and checks that it died of it.
     */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertEquals(SIGKILL_STATUS, process.waitFor(), name + " was not ended by SIGKILL");
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) with {@code kill}. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid());
    }

    /**
     * Waits for the child to exit.
     *
     * @return its exit status
     */
    int await() throws InterruptedException {
        return await(DEFAULT_TIMEOUT);
    }

    /**
     * Waits for the child to exit, at most {@code timeout}.
     *
     * @return its exit status
     */
    int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(name + " did not finish within " + timeout + "\n" + describe());
        }
        return process.exitValue();
    }

    /** Waits for the child and asserts exit status 0. */
    ChildCli awaitSuccess() throws InterruptedException {
        return awaitSuccess(DEFAULT_TIMEOUT);
    }

    /** Waits for the child, at most {@code timeout}, and asserts exit status 0. */
    ChildCli awaitSuccess(Duration timeout) throws InterruptedException {
        int status = await(timeout);
        if (status != 0) {
            fail(name + " exited with " + status + "\n" + describe());
        }
        return this;
    }

    /** @return the child's name and the tail of its output, for failure messages */
    String describe() {
        String e = stderr();
        return "--- " + name + " stderr (tail) ---\n" + e.substring(Math.max(0, e.length() - 4000))
                + "\n--- " + name + " stdout ---\n" + stdout();
    }
}
