package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Edge share of kernels with known structure, worked out by hand. */
class FilterStructureTest {

    private static final float[][] SOBEL_X = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};

    @Test
    void sobelKernelsOfSizeThreeAndFiveAreTheTextbookOnes() {
        assertArrayEquals(new double[][]{{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}, FilterStructure.sobel(3));
        double[][] five = FilterStructure.sobel(5);
        assertArrayEquals(new double[]{-2, -1, 0, 1, 2}, five[0]);        // smoothing 1
        assertArrayEquals(new double[]{-12, -6, 0, 6, 12}, five[2]);      // smoothing 6
        assertThrows(IllegalArgumentException.class, () -> FilterStructure.sobel(4));
    }

    @Test
    void edgeFiltersOfAnyOrientationHaveShareOneAndSymmetricFiltersZero() {
        float[][] prewittY = {{-1, -1, -1}, {0, 0, 0}, {1, 1, 1}};
        float[][] diagonal = {{0, 1, 1}, {-1, 0, 1}, {-1, -1, 0}};
        float[][] laplacian = {{0, 1, 0}, {1, -4, 1}, {0, 1, 0}};
        float[][] constant = {{2, 2, 2}, {2, 2, 2}, {2, 2, 2}};
        FilterStructure f = FilterStructure.of(new float[][][]{SOBEL_X, prewittY, diagonal, laplacian, constant});
        assertEquals(1.0, f.edgeShare()[0], 1e-12);
        assertEquals(0.0, f.orientation()[0], 1e-9);
        // Prewitt: projection on Sobel-y = 8, |Sobel|^2 = 12, |Prewitt|^2 = 6 -> 64 / 12 / 6 = 8/9
        assertEquals(8.0 / 9.0, f.edgeShare()[1], 1e-12);
        assertEquals(90.0, f.orientation()[1], 1e-9);
        // diagonal step: gx = 6, gy = -6 -> (36 + 36) / 12 / 6 = 1, at -45 degrees
        assertEquals(1.0, f.edgeShare()[2], 1e-12);
        assertEquals(-45.0, f.orientation()[2], 1e-9);
        assertEquals(0.0, f.edgeShare()[3], 1e-12);   // centre-surround: symmetric, no edge
        assertEquals(0.0, f.meanShare()[3], 1e-12);   // and zero-sum
        assertEquals(0.0, f.edgeShare()[4], 1e-12);
        assertEquals(1.0, f.meanShare()[4], 1e-12);   // all of a constant kernel is its mean
        assertEquals(3.0 / 5.0, f.edgeLikeFraction(), 1e-12);
        assertEquals(3, f.edgeLikeCount());
        assertEquals(0.0, f.medianMeanShare(), 1e-12); // four zero-sum kernels and the constant one
        assertEquals(8.0 / 9.0, f.medianEdgeShare(), 1e-12); // of 0, 0, 8/9, 1, 1
    }

    @Test
    void gaussianKernelsSitAtTheRandomLevelTwoOverKSquared() {
        Random r = new Random(3);
        for (int k : new int[]{3, 5}) {
            float[][][] kernels = new float[20_000][k][k];
            for (float[][] w : kernels) {
                for (float[] row : w) {
                    for (int j = 0; j < k; j++) {
                        row[j] = (float) r.nextGaussian();
                    }
                }
            }
            FilterStructure f = FilterStructure.of(kernels);
            double mean = java.util.Arrays.stream(f.edgeShare()).average().orElseThrow();
            assertEquals(FilterStructure.randomExpectation(k), mean, 0.01, "k = " + k);
            double meanDc = java.util.Arrays.stream(f.meanShare()).average().orElseThrow();
            assertEquals(1.0 / (k * k), meanDc, 0.01, "k = " + k);
        }
        assertEquals(2.0 / 9.0, FilterStructure.randomExpectation(3), 1e-15);
    }

    @Test
    void malformedKernelsAreRefusedWithTheirShape() {
        assertThrows(IllegalArgumentException.class, () -> FilterStructure.of(new float[0][][]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FilterStructure.of(new float[][][]{SOBEL_X, new float[3][2]}));
        assertTrue(e.getMessage().contains("kernel 1 is 3 x 2"), e.getMessage());
    }
}
