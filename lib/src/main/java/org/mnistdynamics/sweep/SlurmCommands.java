package org.mnistdynamics.sweep;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Slurm client commands ({@code sbatch}, {@code squeue}, {@code sacct}, {@code scontrol}, {@code sinfo},
 * {@code scancel}) found on a search path, and a way to run them with a time limit.
 *
 * @param searchPath the folders searched, in order (as in {@code PATH})
 */
public record SlurmCommands(List<Path> searchPath) {

    /** The commands the Slurm executor needs; all are in Debian's {@code slurm-client} package. */
    public static final List<String> REQUIRED = List.of("sbatch", "squeue", "scontrol", "sinfo");

    /** How long one client command may take before it counts as failed, seconds. */
    static final long TIMEOUT_SECONDS = 60;

    /** @return the commands on this process's {@code PATH} */
    public static SlurmCommands fromEnvironment() {
        return onPath(System.getenv("PATH"));
    }

    /**
     * @param path a {@code PATH}-style list of folders (null or empty: none)
     * @return the commands found on it
     */
    public static SlurmCommands onPath(String path) {
        List<Path> dirs = new ArrayList<>();
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        return new SlurmCommands(List.copyOf(dirs));
    }

    /** @return the executable named {@code name} in the first folder of the search path that holds one */
    public Optional<Path> find(String name) {
        for (Path d : searchPath) {
            Path f = d.resolve(name);
            if (Files.isRegularFile(f) && Files.isExecutable(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks that every {@link #REQUIRED} command is on the search path.
     *
     * @throws IllegalArgumentException naming the missing commands and the folders searched
     */
    public void requireAll() {
        List<String> missing = REQUIRED.stream().filter(c -> find(c).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--executor slurm: " + String.join(", ", missing) + " not found on PATH ("
                    + (searchPath.isEmpty() ? "empty" : searchPath.stream().map(Path::toString)
                    .reduce((a, b) -> a + File.pathSeparator + b).orElse("")) + "); the Slurm executor needs the Slurm "
                    + "client commands (sbatch, squeue, scontrol, sinfo; Debian package slurm-client) on a machine that can "
                    + "submit to the cluster, or use --executor local (bash scripts/slurm-local.sh start runs a one-node "
                    + "Slurm on this machine)");
        }
    }

    /**
     * The result of one command.
     *
     * @param exitCode its exit status
     * @param stdout   its standard output
     * @param stderr   its standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** @return true if the exit status is 0 */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a Slurm command and waits for it (at most {@value #TIMEOUT_SECONDS} s).
     *
     * @param name command name, e.g. {@code squeue}
     * @param args its arguments
     * @return exit status and output
     * @throws IOException if it is not on the search path, cannot start, or takes too long (naming the command line)
     */
    public Result run(String name, String... args) throws IOException, InterruptedException {
        Path exe = find(name).orElseThrow(() -> new IOException(name + " not found on PATH"));
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("slurm-" + name, ".out");
        Path err = Files.createTempFile("slurm-" + name, ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
