package org.mnistdynamics.faults;

import org.mnistdynamics.testing.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A throw-away project for one fault-injection scenario: {@code pom.xml} (placeholder), {@code experiments/tiny.yaml},
 * {@code data/mnist} (a symbolic link to the verified MNIST of the real project, or a copy that a test may damage)
 * and {@code runs/}. Child processes get {@code --project-dir <root>}.
 *
 * @param root the project folder
 */
record FaultProject(Path root) {

    /** The tiny single run used by the kill, corruption, concurrency and full-disk tests: 2 epochs of 4 mini-batches. */
    static final List<String> TINY_RUN = List.of("--train-images", "512", "--eval-images", "256", "--epochs", "2",
            "--batch-size", "128", "--width", "0.25", "--seed", "7");

    /** Name of the tiny plan: two runs (SGD, Adam) of the quarter-width CNN under the smoke profile. */
    static final String TINY_PLAN = "tiny";

    private static final String TINY_PLAN_YAML = """
            # Two tiny runs for the fault-injection tests (run with --profile smoke: 2,048 images, 2 epochs).
            name: tiny
            description: Quarter-width CNN with SGD and Adam, for kill-between-runs tests.
            dataset: mnist
            seeds: [11]
            intervals: false
            epochs: 2
            batchSize: 256
            model: {depth: 2, width: 0.25, kernelSize: 3, dropout: 0.5}
            runs:
              - label: SGD
                optimizer: {name: sgd}
              - label: Adam
                optimizer: {name: adam}
            """;

    /** Name of the plan with one configuration and two seeds (the Slurm tests' job array of 2 tasks). */
    static final String TINY_SEEDS_PLAN = "tiny-seeds";

    private static final String TINY_SEEDS_PLAN_YAML = """
            # One tiny configuration with two seeds for the sweep-executor tests (run with --profile smoke: 2,048 images,
            # 2 epochs, both seeds).
            name: tiny-seeds
            description: Quarter-width CNN with Adam, seeds 11 and 12.
            dataset: mnist
            seeds: [11, 12]
            intervals: false
            epochs: 2
            batchSize: 256
            model: {depth: 2, width: 0.25, kernelSize: 3, dropout: 0.5}
            runs:
              - label: Adam
                optimizer: {name: adam}
            """;

    /**
     * @param dir      an empty or absent folder
     * @param copyData copy the MNIST files instead of linking them (needed to damage them)
     * @return the project
     */
    static FaultProject create(Path dir, boolean copyData) throws IOException {
        Files.createDirectories(dir.resolve("experiments"));
        Files.writeString(dir.resolve("pom.xml"), "<!-- placeholder: marks the project root for ProjectPaths -->\n");
        Files.writeString(dir.resolve("experiments").resolve(TINY_PLAN + ".yaml"), TINY_PLAN_YAML);
        Files.writeString(dir.resolve("experiments").resolve(TINY_SEEDS_PLAN + ".yaml"), TINY_SEEDS_PLAN_YAML);
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path mnist = mnistFolder();
        if (copyData) {
            Files.createDirectories(data.resolve("mnist"));
            try (Stream<Path> files = Files.list(mnist)) {
                for (Path f : files.toList()) {
                    Files.copy(f, data.resolve("mnist").resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } else {
            Files.createSymbolicLink(data.resolve("mnist"), mnist);
        }
        return new FaultProject(dir);
    }

    /** @return the verified MNIST folder of the real project (fetched once if it is missing) */
    static Path mnistFolder() {
        Path folder = TestData.dataRoot().resolve("mnist");
        // The children verify every file themselves; loading it here too would only cost time.
        return Files.isDirectory(folder) ? folder.toAbsolutePath() : TestData.mnistFolder().toAbsolutePath();
    }

    /** @return {@code runs/} */
    Path runs() {
        return root.resolve("runs");
    }

    /** @return folder for the children's output files */
    Path logs() {
        return root.resolve("logs");
    }

    /** @return {@code train --project-dir <root>} followed by {@link #TINY_RUN} */
    List<String> trainArgs() {
        List<String> args = new ArrayList<>(List.of("train", "--project-dir", root.toString()));
        args.addAll(TINY_RUN);
        return args;
    }

    /** @return {@code reproduce --project-dir <root> --plan tiny --profile smoke --workers 1} (runs one after another) */
    List<String> reproduceArgs() {
        return List.of("reproduce", "--project-dir", root.toString(), "--plan", TINY_PLAN, "--profile", "smoke", "--workers", "1");
    }

    /** @return a launch of the tiny single run */
    ChildCli.Launch train(String name) {
        return new ChildCli.Launch(logs(), name, trainArgs());
    }

    /**
     * @param name  short name of the launch
     * @param extra flags after {@code sweep --project-dir <root> --plan tiny-seeds --profile smoke}
     * @return a launch of a sweep of the two-seed plan
     */
    ChildCli.Launch sweep(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--project-dir", root.toString(), "--plan", TINY_SEEDS_PLAN,
                "--profile", "smoke"));
        args.addAll(List.of(extra));
        return new ChildCli.Launch(logs(), name, args);
    }

    /** @return a launch of the tiny plan */
    ChildCli.Launch reproduce(String name) {
        return new ChildCli.Launch(logs(), name, reproduceArgs());
    }

    /** @return the run folders under {@code runs/mnist/}, sorted by name */
    List<Path> runDirs() throws IOException {
        Path mnist = runs().resolve("mnist");
        if (!Files.isDirectory(mnist)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(mnist)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** @return the only run folder under {@code runs/mnist/} */
    Path onlyRunDir() throws IOException {
        List<Path> dirs = runDirs();
        assertEquals(1, dirs.size(), "run folders under " + runs() + ": " + dirs);
        return dirs.get(0);
    }

    /** Copies a folder tree (files and folders; symbolic links are copied as links). */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    /** Deletes a folder tree, best effort (used for the shared reference runs at JVM exit). */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
