package org.mnistdynamics.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The dip statistic against values of the R package {@code diptest} (0.77): its own tests ({@code tests/ex1.R}:
 * {@code dip(c(1,1,2,2)) == 1/4}, {@code dip(cumsum(0:3)) == 1/(2n)}, mirrored samples give equal dips) and, for
 * larger samples, the values of the Python port of the same C code (PyPI {@code diptest} 0.12.0, {@code dipstat}),
 * computed once and quoted here.
 */
class DipTestTest {

    @Test
    void twoPointMassesGiveTheMaximumOneQuarter() {
        assertEquals(0.25, DipTest.dip(new double[]{1, 1, 2, 2}), 1e-15);
    }

    @Test
    void smallUnimodalSampleGivesTheMinimumOneOverTwoN() {
        double[] u = {0, 1, 3, 6}; // cumsum(0:3)
        assertEquals(1.0 / 8, DipTest.dip(u), 1e-15);
        assertEquals(1.0 / 8, DipTest.dip(new double[]{0, -1, -3, -6}), 1e-15);
        assertEquals(1.0 / 6, DipTest.dip(new double[]{5, 5, 5}), 1e-15); // n <= 3 or all tied: 1/(2n)
    }

    @Test
    void mirroredSamplesHaveEqualDips() {
        double[] x2 = {1, 2, 2, 2, 2, 2, 2, 2, 2, 2}; // Yong Lu's example in diptest's tests
        double[] mirrored = new double[x2.length];
        for (int i = 0; i < x2.length; i++) {
            mirrored[i] = 3 - x2[i];
        }
        assertEquals(DipTest.dip(x2), DipTest.dip(mirrored), 1e-15);
        assertEquals(0.05, DipTest.dip(x2), 1e-12);
        double[] x = {0, 2, 3, 5, 6};
        assertEquals(0.13333333333333336, DipTest.dip(x), 1e-12);
        assertEquals(0.13333333333333336, DipTest.dip(new double[]{6, 4, 3, 1, 0}), 1e-12);
    }

    @Test
    void mechlerExamplesOfTheCorrectedAlgorithm() {
        // AS 217's bug report examples (diptest tests/mechler-ex.R), times 10,000.
        double[] ex1 = {198, 198, 1961, 2898, 3184, 3687, 4336, 4987, 5661, 6530, 7476, 8555};
        double[] ex2 = {198, 1961, 2898, 3184, 3687, 4336, 4987, 5661, 6530, 7476, 8555, 9912};
        assertEquals(0.08333333333333333, DipTest.dip(ex1), 1e-12);
        assertEquals(0.041666666666666664, DipTest.dip(ex2), 1e-12);
    }

    @Test
    void bimodalSampleIsRejectedAndAnEvenlySpacedOneIsNot() {
        double[] b = new double[40];
        for (int i = 0; i < 20; i++) {
            b[i] = i / 19.0;          // 20 points on [0, 1]
            b[20 + i] = 3 + i / 19.0; // 20 points on [3, 4]
        }
        DipTest.Result r = DipTest.test(b, 2000, 1);
        assertEquals(0.16666666666666669, r.dip(), 1e-12); // diptest.dipstat; diptest.diptest gives p = 0.0
        assertTrue(r.pValue() < 0.001, "p = " + r.pValue());
        double[] even = new double[50];
        for (int i = 0; i < 50; i++) {
            even[i] = i / 49.0;
        }
        DipTest.Result u = DipTest.test(even, 500, 1);
        assertEquals(0.01, u.dip(), 1e-12); // 1/(2n); diptest.diptest gives p = 1.0
        assertEquals(1.0, u.pValue(), 1e-15);
        assertEquals(r, DipTest.test(b, 2000, 1), "seeded p-value is reproducible");
    }

    @Test
    void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> DipTest.dip(new double[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DipTest.dip(new double[]{1, Double.NaN}));
        assertTrue(e.getMessage().contains("NaN"));
    }
}
