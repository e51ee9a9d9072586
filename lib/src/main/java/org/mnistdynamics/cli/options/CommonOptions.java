package org.mnistdynamics.cli.options;

import org.mnistdynamics.experiment.ProjectPaths;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Options shared by the subcommands (a picocli mixin), the one home of how a command finds the project. A package of
 * its own so that {@code bench} can mix it in without depending on {@code cli}, which depends on {@code bench}.
 */
public final class CommonOptions {

    @Option(names = "--project-dir", description = "Project root (default: found from the working directory or $MNIST_PROJECT_DIR).")
    private Path projectDir;

    /**
     * @return the project's folders, from {@code --project-dir} or else found from the working directory
     * @throws IllegalStateException if no project root can be found
     */
    public ProjectPaths paths() {
        return ProjectPaths.of(projectDir);
    }
}
