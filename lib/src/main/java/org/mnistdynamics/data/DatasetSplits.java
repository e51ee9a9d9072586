package org.mnistdynamics.data;

import java.nio.file.Path;

import static org.mnistdynamics.data.DatasetFile.Role.*;

/**
 * The fixed splits used throughout the paper.
 *
 * <ul>
 *   <li>train: the first {@value #TRAIN_SIZE} images of the training file;</li>
 *   <li>validation: the last {@value #VALIDATION_SIZE} images of the training file (as in the Keras/TensorFlow
 *       MNIST tutorials' 55k/5k split);</li>
 *   <li>test: the 10,000 images of the test file.</li>
 * </ul>
 *
 * @param spec       the dataset these came from
 * @param train      [55000, 784]
 * @param validation [5000, 784]
 * @param test       [10000, 784]
 */
public record DatasetSplits(DatasetSpec spec, Split train, Split validation, Split test) {

    /** Training images taken from the start of the training file. */
    public static final int TRAIN_SIZE = 55_000;
    /** Validation images: the last 5,000 of the training file. */
    public static final int VALIDATION_SIZE = 5_000;

    /**
     * Loads and verifies the four files of {@code spec} from {@code folder} (names as registered, plain or with a
     * {@code .gz} suffix), scales pixels to [0, 1] and cuts the splits.
     *
     * @param spec   registered dataset
     * @param folder folder holding the files
     * @return the three splits
     * @throws InvalidDatasetFileException if any file is missing or fails a check; nothing from it is used
     */
    public static DatasetSplits load(DatasetSpec spec, Path folder) throws InvalidDatasetFileException {
        Split trainFile = readSplit(spec, folder, TRAIN_IMAGES, TRAIN_LABELS, "train");
        Split testFile = readSplit(spec, folder, TEST_IMAGES, TEST_LABELS, "test");
        if (trainFile.size() != TRAIN_SIZE + VALIDATION_SIZE) {
            throw new InvalidDatasetFileException(locate(folder, spec.file(TRAIN_IMAGES)),
                    trainFile.size() + " training images, expected " + (TRAIN_SIZE + VALIDATION_SIZE));
        }
        return new DatasetSplits(spec,
                slice(trainFile, "train", 0, TRAIN_SIZE),
                slice(trainFile, "validation", TRAIN_SIZE, VALIDATION_SIZE),
                testFile);
    }

    /**
     * The same dataset restricted to some classes in every split (train, validation and test filtered alike), for
     * the transfer experiment between digit halves (Yosinski et al. 2014: A = 0-4, B = 5-9).
     *
     * @param classes labels to keep
     * @return the filtered splits
     * @throws IllegalArgumentException as {@link Split#ofClasses}
     */
    public DatasetSplits ofClasses(int... classes) {
        return new DatasetSplits(spec, train.ofClasses(classes), validation.ofClasses(classes), test.ofClasses(classes));
    }

    /**
     * @param name {@code train}, {@code validation} or {@code test}
     * @return that split
     * @throws IllegalArgumentException for another name
     */
    public Split split(String name) {
        return switch (name) {
            case "train" -> train;
            case "validation" -> validation;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + name + "'; expected train, validation or test");
        };
    }

    /**
     * @param folder a folder
     * @param file   a registered file
     * @return the plain file if present, else its {@code .gz} sibling (which may not exist either)
     */
    static Path locate(Path folder, DatasetFile file) {
        Path plain = folder.resolve(file.fileName());
        return plain.toFile().isFile() ? plain : folder.resolve(file.fileName() + ".gz");
    }

    private static Split readSplit(DatasetSpec spec, Path folder, DatasetFile.Role imagesRole,
                                   DatasetFile.Role labelsRole, String name) throws InvalidDatasetFileException {
        Path imagesPath = locate(folder, spec.file(imagesRole));
        Path labelsPath = locate(folder, spec.file(labelsRole));
        IdxFile.Images images = IdxFile.parseImages(imagesPath, IdxFile.readVerified(imagesPath, spec.file(imagesRole)));
        int[] labels = IdxFile.parseLabels(labelsPath, IdxFile.readVerified(labelsPath, spec.file(labelsRole)), Split.NUM_CLASSES);
        if (images.rows() != 28 || images.cols() != 28) {
            throw new InvalidDatasetFileException(imagesPath, images.rows() + "x" + images.cols() + " images, expected 28x28");
        }
        if (images.count() != labels.length) {
            throw new InvalidDatasetFileException(labelsPath, labels.length + " labels for " + images.count()
                    + " images in " + imagesPath.getFileName() + " (labels of another split?)");
        }
        float[] pixels = new float[images.pixels().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (images.pixels()[i] & 0xFF) / 255f;
        }
        return new Split(name, pixels, labels);
    }

    private static Split slice(Split whole, String name, int from, int count) {
        float[] p = new float[count * Split.IMAGE_PIXELS];
        System.arraycopy(whole.pixels(), from * Split.IMAGE_PIXELS, p, 0, p.length);
        int[] l = new int[count];
        System.arraycopy(whole.labels(), from, l, 0, count);
        return new Split(name, p, l);
    }
}
