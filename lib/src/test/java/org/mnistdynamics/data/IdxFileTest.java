package org.mnistdynamics.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.testing.TestData;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** IDX parsing and the corrupt-file cases of shared case 10, on the real MNIST files. */
class IdxFileTest {

    @TempDir
    Path tmp;

    @Test
    void realMnistHeadersChecksumsAndFirstLabels() throws IOException {
        Path folder = TestData.mnistFolder();
        DatasetSpec mnist = DatasetRegistry.MNIST;
        Path images = DatasetSplits.locate(folder, mnist.file(DatasetFile.Role.TRAIN_IMAGES));
        byte[] bytes = IdxFile.readVerified(images, mnist.file(DatasetFile.Role.TRAIN_IMAGES));
        assertEquals("6bbc9ace898e44ae57da46a324031adb", IdxFile.md5Hex(bytes));
        IdxFile.Images parsed = IdxFile.parseImages(images, bytes);
        assertEquals(60_000, parsed.count());
        assertEquals(28, parsed.rows());
        assertEquals(28, parsed.cols());
        assertEquals(2051, java.nio.ByteBuffer.wrap(bytes, 0, 4).getInt());

        Path trainLabels = DatasetSplits.locate(folder, mnist.file(DatasetFile.Role.TRAIN_LABELS));
        int[] train = IdxFile.parseLabels(trainLabels, IdxFile.readVerified(trainLabels, mnist.file(DatasetFile.Role.TRAIN_LABELS)), 10);
        assertArrayEquals(new int[]{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(train, 10));
        Path testLabels = DatasetSplits.locate(folder, mnist.file(DatasetFile.Role.TEST_LABELS));
        int[] test = IdxFile.parseLabels(testLabels, IdxFile.readVerified(testLabels, mnist.file(DatasetFile.Role.TEST_LABELS)), 10);
        assertArrayEquals(new int[]{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test, 10));
    }

    @Test
    void truncatedFileIsRejectedWithSizeAndName() throws IOException {
        Path src = DatasetSplits.locate(TestData.mnistFolder(), DatasetRegistry.MNIST.file(DatasetFile.Role.TEST_IMAGES));
        Path cut = tmp.resolve("t10k-images-idx3-ubyte");
        Files.write(cut, Arrays.copyOf(IdxFile.readUncompressed(src), 1_000_000));
        InvalidDatasetFileException e = assertThrows(InvalidDatasetFileException.class,
                () -> IdxFile.readVerified(cut, DatasetRegistry.MNIST.file(DatasetFile.Role.TEST_IMAGES)));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("1000000 bytes, expected 7840016"), e.getMessage());
        // Parsing alone (no registry) also sees the header contradict the length.
        InvalidDatasetFileException header = assertThrows(InvalidDatasetFileException.class,
                () -> IdxFile.parseImages(cut, Files.readAllBytes(cut)));
        assertTrue(header.getMessage().contains("header declares 10000 images"), header.getMessage());
    }

    @Test
    void htmlInsteadOfDataIsRejectedByMagicNumber() throws IOException {
        Path html = tmp.resolve("train-images-idx3-ubyte");
        Files.writeString(html, "<!DOCTYPE html><html><body>404 Not Found</body></html>");
        InvalidDatasetFileException e = assertThrows(InvalidDatasetFileException.class,
                () -> IdxFile.parseImages(html, Files.readAllBytes(html)));
        assertTrue(e.getMessage().contains("expected 2051"), e.getMessage());
        assertThrows(InvalidDatasetFileException.class,
                () -> IdxFile.readVerified(html, DatasetRegistry.MNIST.file(DatasetFile.Role.TRAIN_IMAGES)));
    }

    @Test
    void labelFileGivenAsImagesIsNamed() throws IOException {
        Path labels = DatasetSplits.locate(TestData.mnistFolder(), DatasetRegistry.MNIST.file(DatasetFile.Role.TEST_LABELS));
        InvalidDatasetFileException e = assertThrows(InvalidDatasetFileException.class,
                () -> IdxFile.parseImages(labels, IdxFile.readUncompressed(labels)));
        assertTrue(e.getMessage().contains("this is a label file"), e.getMessage());
    }

    @Test
    void labelsOfAnotherSplitAreDetected() throws IOException {
        Path folder = tmp.resolve("mixed");
        Files.createDirectories(folder);
        Path real = TestData.mnistFolder();
        for (DatasetFile f : DatasetRegistry.MNIST.files()) {
            Files.copy(DatasetSplits.locate(real, f), folder.resolve(f.fileName()));
        }
        // Test labels put where the training labels belong: 10,000 labels for 60,000 images.
        Files.copy(folder.resolve("t10k-labels-idx1-ubyte"), folder.resolve("train-labels-idx1-ubyte"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        InvalidDatasetFileException e = assertThrows(InvalidDatasetFileException.class,
                () -> DatasetSplits.load(DatasetRegistry.MNIST, folder));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
        // Without the checksum, the count check still catches it.
        java.util.List<DatasetFile> registered = new java.util.ArrayList<>();
        for (DatasetFile f : DatasetRegistry.MNIST.files()) {
            Path p = DatasetSplits.locate(folder, f);
            registered.add(new DatasetFile(f.role(), f.fileName(), Files.size(p), IdxFile.md5Hex(IdxFile.readUncompressed(p))));
        }
        DatasetSpec noChecksums = new DatasetSpec("x", "x", DatasetRegistry.MNIST.classNames(), registered,
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.List.of());
        InvalidDatasetFileException count = assertThrows(InvalidDatasetFileException.class,
                () -> DatasetSplits.load(noChecksums, folder));
        assertTrue(count.getMessage().contains("10000 labels for 60000 images"), count.getMessage());
    }

    @Test
    void fashionMnistFilesAskedForAsMnistFailTheChecksum() throws IOException {
        Path fashion = Path.of("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(fashion), "Debian's dataset-fashion-mnist not installed");
        InvalidDatasetFileException e = assertThrows(InvalidDatasetFileException.class,
                () -> IdxFile.readVerified(fashion, DatasetRegistry.MNIST.file(DatasetFile.Role.TEST_LABELS)));
        assertTrue(e.getMessage().contains("expected 27ae3e4e09519cfbb04c329615203637"), e.getMessage());
        // ... and they verify as Fashion-MNIST (gzip detected from the content).
        assertEquals(10_008, IdxFile.readVerified(fashion, DatasetRegistry.FASHION_MNIST.file(DatasetFile.Role.TEST_LABELS)).length);
    }

    @Test
    void gzipCopyVerifiesLikeThePlainFile() throws IOException {
        Path src = DatasetSplits.locate(TestData.mnistFolder(), DatasetRegistry.MNIST.file(DatasetFile.Role.TEST_LABELS));
        Path gz = tmp.resolve("t10k-labels-idx1-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(IdxFile.readUncompressed(src));
        }
        assertEquals(10_008, IdxFile.readVerified(gz, DatasetRegistry.MNIST.file(DatasetFile.Role.TEST_LABELS)).length);
    }
}
