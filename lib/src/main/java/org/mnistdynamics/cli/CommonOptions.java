package org.mnistdynamics.cli;

import org.mnistdynamics.experiment.ProjectPaths;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by the subcommands. */
final class CommonOptions {

    @Option(names = "--project-dir", description = "Project root (default: found from the working directory or $MNIST_PROJECT_DIR).")
    Path projectDir;

    ProjectPaths paths() {
        return ProjectPaths.of(projectDir);
    }
}
