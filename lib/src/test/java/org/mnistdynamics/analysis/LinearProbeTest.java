package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Softmax-regression probes (Smile) on data whose separability is known. */
class LinearProbeTest {

    @Test
    void separatesWellSeparatedClustersWhateverTheLabelValues() {
        // three Gaussian clusters (sd 0.1) at (0,0), (5,0), (0,5), labelled 5, 7, 9: linearly separable
        Random r = new Random(3);
        int[] labels = {5, 7, 9};
        double[][] centres = {{0, 0}, {5, 0}, {0, 5}};
        double[][] x = new double[90][];
        int[] y = new int[90];
        for (int i = 0; i < 90; i++) {
            x[i] = new double[]{centres[i % 3][0] + 0.1 * r.nextGaussian(), centres[i % 3][1] + 0.1 * r.nextGaussian()};
            y[i] = labels[i % 3];
        }
        LinearProbe.Result res = LinearProbe.fit(x, y, x, y);
        assertEquals(1.0, res.trainAccuracy(), 0.0);
        assertEquals(1.0, res.testAccuracy(), 0.0);
        assertEquals(2, res.features());
    }

    @Test
    void pureNoiseFeaturesGiveAboutChanceOnHeldOutData() {
        Random r = new Random(4);
        double[][] x = new double[600][5];
        int[] y = new int[600];
        for (int i = 0; i < 600; i++) {
            for (int j = 0; j < 5; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = i % 2;
        }
        double[][] tx = java.util.Arrays.copyOfRange(x, 300, 600);
        int[] ty = java.util.Arrays.copyOfRange(y, 300, 600);
        LinearProbe.Result res = LinearProbe.fit(java.util.Arrays.copyOf(x, 300), java.util.Arrays.copyOf(y, 300), tx, ty);
        assertEquals(0.5, res.testAccuracy(), 0.1); // binomial sd at n = 300: 0.029
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearProbe.fit(new double[3][2], new int[2], new double[1][2], new int[1]));
        assertTrue(e.getMessage().contains("train 3 images / 2 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LinearProbe.fit(new double[3][2], new int[]{1, 1, 1}, new double[1][2], new int[1]));
    }
}
