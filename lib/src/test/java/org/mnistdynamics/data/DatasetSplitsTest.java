package org.mnistdynamics.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.testing.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class DatasetSplitsTest {

    @TempDir
    Path tmp;

    @Test
    void fixedSplitsOfRealMnist() {
        DatasetSplits s = TestData.mnist();
        assertEquals(55_000, s.train().size());
        assertEquals(5_000, s.validation().size());
        assertEquals(10_000, s.test().size());
        // validation = last 5,000 of the training file: its first label is training-file label 55,000.
        assertEquals(5, s.train().labels()[0]);
        assertEquals(7, s.test().labels()[0]);
        assertEquals(55_000, Arrays.stream(s.train().classCounts()).sum());
        // MNIST's training file has 6,742 ones in 60k; each class is present in each split.
        assertTrue(Arrays.stream(s.validation().classCounts()).allMatch(c -> c > 350));
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : s.test().pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max); // pixel 255 / 255
    }

    @Test
    void corruptCachedFileIsNotUsedAndIsReplacedFromAnotherSource() throws IOException {
        Path dataRoot = tmp.resolve("data");
        Path cache = dataRoot.resolve("mnist");
        Files.createDirectories(cache);
        for (DatasetFile f : DatasetRegistry.MNIST.files()) {
            Files.copy(DatasetSplits.locate(TestData.mnistFolder(), f), cache.resolve(f.fileName()));
        }
        // A cached file cut short (interrupted download): all-zero tail.
        Path labels = cache.resolve("t10k-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(bytes, 5000));
        Path local = tmp.resolve("local");
        Files.createDirectories(local);
        for (DatasetFile f : DatasetRegistry.MNIST.files()) {
            Files.copy(DatasetSplits.locate(TestData.mnistFolder(), f), local.resolve(f.fileName()));
        }
        assertThrows(InvalidDatasetFileException.class, () -> DatasetSplits.load(DatasetRegistry.MNIST, cache));
        Path folder = new DatasetFetcher(dataRoot, Optional.of(local)).ensure(DatasetRegistry.MNIST);
        assertEquals(cache, folder);
        assertEquals(10_008, Files.size(labels)); // replaced by the verified copy
        assertEquals(10_000, DatasetSplits.load(DatasetRegistry.MNIST, folder).test().size());
    }

    @Test
    void missingEverywhereListsEverySourceTried() {
        DatasetSpec nowhere = new DatasetSpec("nowhere", "Nowhere", DatasetRegistry.MNIST.classNames(),
                DatasetRegistry.MNIST.files(), Optional.empty(), Optional.of(tmp.resolve("no-such-os-folder")), java.util.List.of());
        IOException e = assertThrows(IOException.class, () -> new DatasetFetcher(tmp, Optional.empty()).ensure(nowhere));
        assertTrue(e.getMessage().contains("no-such-os-folder"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("nowhere").toString()), e.getMessage());
    }

    @Test
    void fashionMnistFromTheDebianPackage() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Debian's dataset-fashion-mnist not installed");
        DatasetSplits f = new DatasetFetcher(tmp, Optional.empty()).load(DatasetRegistry.FASHION_MNIST);
        assertEquals(55_000, f.train().size());
        assertEquals(9, f.train().labels()[0]); // Fashion-MNIST's first training image is an ankle boot
    }
}
