package org.mnistdynamics.data;

/**
 * One file of a registered dataset, described by its uncompressed content.
 *
 * <p>Checksums and sizes refer to the <em>uncompressed</em> IDX bytes, so the same entry verifies a
 * plain file and a gzip-compressed copy (re-compression changes the .gz bytes, not the content).
 *
 * @param role       which part of the dataset this file holds
 * @param fileName   canonical uncompressed file name, e.g. {@code train-images-idx3-ubyte}
 * @param sizeBytes  size of the uncompressed file in bytes (header + payload)
 * @param md5        lower-case hex MD5 of the uncompressed bytes
 */
public record DatasetFile(Role role, String fileName, long sizeBytes, String md5) {

    /** The four files of an MNIST-format dataset. */
    public enum Role {
        TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS;

        /** @return true for image files (IDX magic 2051), false for label files (IDX magic 2049) */
        public boolean isImages() {
            return this == TRAIN_IMAGES || this == TEST_IMAGES;
        }
    }
}
