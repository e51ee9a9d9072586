package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Singular-value summaries on matrices whose spectra are known. */
class WeightSpectrumTest {

    @Test
    void diagonalMatrixByHand() {
        // W = [[3,0],[0,4],[0,0]]: singular values 4, 3; stable rank (16 + 9) / 16 = 1.5625;
        // MP edge with s = 1: sqrt(3) + sqrt(2) = 3.1463 -> one singular value (4) above it
        WeightSpectrum s = WeightSpectrum.of(new double[][]{{3, 0}, {0, 4}, {0, 0}}, 1.0);
        assertArrayEquals(new double[]{4, 3}, s.singular(), 1e-12);
        assertEquals(4, s.sigmaMax(), 1e-12);
        assertEquals(1.5625, s.stableRank(), 1e-12);
        assertEquals(Math.sqrt(3) + Math.sqrt(2), s.mpEdge(), 1e-12);
        assertEquals(1, s.spikes());
        assertTrue(Double.isNaN(s.tail().alpha()), "2 eigenvalues are too few for a tail fit");
    }

    @Test
    void convolutionKernelsAreReshapedOutByInKK() {
        // [out=2, in=1, kH=1, kW=2] = {3, 0, 0, 4} -> [[3, 0], [0, 4]]
        WeightSpectrum s = WeightSpectrum.of(new double[]{3, 0, 0, 4}, new long[]{2, 1, 1, 2}, 1.0);
        assertEquals(2, s.rows());
        assertEquals(2, s.cols());
        assertArrayEquals(new double[]{4, 3}, s.singular(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> WeightSpectrum.of(new double[]{1, 2, 3}, new long[]{2, 2}, 1));
    }

    @Test
    void gaussianMatrixSitsAtTheMarchenkoPasturEdge() {
        // 400 x 100 i.i.d. N(0, 0.5²): largest singular value -> 0.5 (sqrt(400) + sqrt(100)) = 15 (Tracy-Widom
        // fluctuations are O(N^(-2/3)) relative, well inside 3 %), no spikes above the edge
        Random r = new Random(7);
        double[][] w = new double[400][100];
        for (double[] row : w) {
            for (int j = 0; j < 100; j++) {
                row[j] = 0.5 * r.nextGaussian();
            }
        }
        WeightSpectrum s = WeightSpectrum.of(w, 0.5);
        assertEquals(15.0, s.mpEdge(), 1e-12);
        assertEquals(15.0, s.sigmaMax(), 0.45);
        assertTrue(s.spikes() <= 1, "spikes " + s.spikes());
        assertEquals(100, s.singular().length);
    }
}
