package org.mnistdynamics.data;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.testing.TestData;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The digit halves of the transfer experiment (Yosinski et al. 2014): A = 0-4, B = 5-9, every split filtered alike. */
class ClassSplitsTest {

    @Test
    void digitHalvesOfTheRealTestSet() {
        DatasetSplits all = TestData.mnist();
        DatasetSplits a = all.ofClasses(0, 1, 2, 3, 4);
        DatasetSplits b = all.ofClasses(5, 6, 7, 8, 9);
        // MNIST's test set: 980 + 1,135 + 1,032 + 1,010 + 982 = 5,139 images of 0-4, and 892 + 958 + 1,028 + 974
        // + 1,009 = 4,861 of 5-9.
        assertEquals(5_139, a.test().size());
        assertEquals(4_861, b.test().size());
        assertEquals(all.train().size(), a.train().size() + b.train().size());
        assertEquals(all.validation().size(), a.validation().size() + b.validation().size());
        // The test file starts 7, 2, 1, 0, 4, 1, 4, 9, 5, 9: B keeps 7, 9, 5, 9 and A 2, 1, 0, 4, 1, 4 in that order.
        assertArrayEquals(new int[]{7, 9, 5, 9}, Arrays.copyOf(b.test().labels(), 4));
        assertArrayEquals(new int[]{2, 1, 0, 4, 1, 4}, Arrays.copyOf(a.test().labels(), 6));
        // ... with their own pixels: B's first image is the test file's first (a 7), A's first is its second
        assertArrayEquals(Arrays.copyOfRange(all.test().pixels(), 0, Split.IMAGE_PIXELS),
                Arrays.copyOfRange(b.test().pixels(), 0, Split.IMAGE_PIXELS));
        assertArrayEquals(Arrays.copyOfRange(all.test().pixels(), Split.IMAGE_PIXELS, 2 * Split.IMAGE_PIXELS),
                Arrays.copyOfRange(a.test().pixels(), 0, Split.IMAGE_PIXELS));
        assertEquals(0, Arrays.stream(b.train().labels()).filter(l -> l < 5).count());
    }

    @Test
    void badClassesAreNamed() {
        Split s = new Split("test", new float[2 * Split.IMAGE_PIXELS], new int[]{1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.ofClasses(10));
        assertTrue(e.getMessage().contains("class 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.ofClasses(7));
        assertTrue(e.getMessage().contains("'test' has no image of classes [7]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, s::ofClasses);
    }
}
