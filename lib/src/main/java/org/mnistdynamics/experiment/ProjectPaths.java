package org.mnistdynamics.experiment;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's folders: {@code data/} (datasets, gitignored), {@code runs/} (checkpoints, gitignored),
 * {@code results/} (committed summaries), {@code experiments/} (plans).
 *
 * @param root project root (the folder holding {@code experiments/} and {@code pom.xml})
 */
public record ProjectPaths(Path root) {

    /** Environment variable naming the project root explicitly. */
    public static final String ENV = "MNIST_PROJECT_DIR";
    /** Environment variable moving {@code runs/} elsewhere (e.g. a bigger disk). */
    public static final String RUNS_ENV = "MNIST_RUNS_DIR";

    /**
     * Finds the project root: {@value #ENV} if set, else the nearest folder at or above the working directory
     * that holds {@code experiments/} and {@code pom.xml} (notebooks run in {@code notebooks/}).
     *
     * @return the paths
     * @throws IllegalStateException if no project root is found
     */
    public static ProjectPaths locate() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return new ProjectPaths(Path.of(env).toAbsolutePath().normalize());
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("experiments")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return new ProjectPaths(p);
            }
        }
        throw new IllegalStateException("cannot find the project root (a folder with experiments/ and pom.xml) at or above "
                + Path.of("").toAbsolutePath() + "; set " + ENV);
    }

    /**
     * @param projectDir a root given on the command line ({@code --project-dir}), or null to {@link #locate()} it
     * @return the paths
     * @throws IllegalStateException if none is given and none is found
     */
    public static ProjectPaths of(Path projectDir) {
        return projectDir == null ? locate() : new ProjectPaths(projectDir.toAbsolutePath().normalize());
    }

    /** @return {@code data/} */
    public Path data() {
        return root.resolve("data");
    }

    /** @return {@code runs/}, or {@value #RUNS_ENV} if set */
    public Path runs() {
        String env = System.getenv(RUNS_ENV);
        return env == null || env.isBlank() ? root.resolve("runs") : Path.of(env);
    }

    /** @return {@code results/} */
    public Path results() {
        return root.resolve("results");
    }

    /**
     * Where summaries of a profile go: {@code results/} for the full profile (committed), and
     * {@code runs/results-<profile>/} (gitignored) for smoke and quick, so that they never overwrite the paper's.
     *
     * @param profile the profile
     * @return the folder
     */
    public Path results(Profile profile) {
        return profile == Profile.FULL ? results() : runs().resolve("results-" + profile.id());
    }

    /** @return {@code experiments/} */
    public Path experiments() {
        return root.resolve("experiments");
    }

    /** @return {@code experiments/<name>.yaml} */
    public Path plan(String name) {
        return experiments().resolve(name + ".yaml");
    }
}
