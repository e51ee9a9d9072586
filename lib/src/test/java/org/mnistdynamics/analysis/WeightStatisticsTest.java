package org.mnistdynamics.analysis;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightStatisticsTest {

    @Test
    void momentsOfASmallArrayMatchTheHandComputation() {
        // x = {2, 4, 4, 4, 5, 5, 7, 9}, n = 8, sum 40 -> mean 5.
        // deviations d = {-3, -1, -1, -1, 0, 0, 2, 4}
        // m2 = (9+1+1+1+0+0+4+16)/8 = 32/8 = 4            -> population sd = 2
        // m3 = (-27-1-1-1+0+0+8+64)/8 = 42/8 = 5.25
        // m4 = (81+1+1+1+0+0+16+256)/8 = 356/8 = 44.5
        // g1 = m3 / m2^1.5 = 5.25 / 8 = 0.65625 (= 21/32)
        // g2 = m4 / m2^2 - 3 = 44.5/16 - 3 = -0.21875 (= -7/32)
        // G1 = g1 * sqrt(8*7) / 6 = 0.65625 * 7.4833147735 / 6 = 0.8184875534; G1^2 = 343/512
        // G2 = 7/(6*5) * (9*g2 + 6) = 7/30 * 4.03125 = 0.940625 (= 301/320)
        // BC = (G1^2 + 1) / (G2 + 3*7^2/(6*5)) = (855/512) / (301/320 + 4.9) = 1425/4984 = 0.2859149278
        WeightStatistics s = WeightStatistics.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(8, s.count());
        assertEquals(5.0, s.mean(), 1e-15);
        assertEquals(2.0, s.standardDeviation(), 1e-15);
        assertEquals(0.65625, s.skewness(), 1e-12);
        assertEquals(-0.21875, s.excessKurtosis(), 1e-12);
        assertEquals(0.8184875533567997, s.sampleSkewness(), 1e-12);
        assertEquals(0.940625, s.sampleExcessKurtosis(), 1e-12);
        assertEquals(1425.0 / 4984.0, s.bimodalityCoefficient(), 1e-12);
        assertEquals(2.0, s.min());
        assertEquals(9.0, s.max());
    }

    @Test
    void floatInputGivesTheSameStatistics() {
        WeightStatistics s = WeightStatistics.of(new float[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(2.0, s.standardDeviation(), 1e-15);
        assertEquals(0.65625, s.skewness(), 1e-12);
    }

    @Test
    void ksDistanceIsSmallForGaussianAndLargeForBimodalSamples() {
        Random r = new Random(42);
        double[] gauss = new double[100_000];
        double[] bimodal = new double[100_000];
        for (int i = 0; i < gauss.length; i++) {
            gauss[i] = 0.3 + 0.05 * r.nextGaussian();
            bimodal[i] = (r.nextBoolean() ? 2 : -2) + 0.5 * r.nextGaussian();
        }
        WeightStatistics g = WeightStatistics.of(gauss);
        WeightStatistics b = WeightStatistics.of(bimodal);
        assertTrue(g.ksDistanceToGaussian() < 0.01, "Gaussian KS distance " + g.ksDistanceToGaussian());
        assertTrue(b.ksDistanceToGaussian() > 0.05, "bimodal KS distance " + b.ksDistanceToGaussian());
        // The mixture's variance is 2^2 + 0.5^2 = 4.25 (population sd 2.0616).
        assertEquals(Math.sqrt(4.25), b.standardDeviation(), 0.02);
    }

    @Test
    void bimodalityCoefficientSeparatesBimodalFromGaussian() {
        Random r = new Random(7);
        double[] gauss = new double[20_000];
        double[] bimodal = new double[20_000];
        for (int i = 0; i < gauss.length; i++) {
            gauss[i] = r.nextGaussian();
            bimodal[i] = (i % 2 == 0 ? 2 : -2) + 0.5 * r.nextGaussian();
        }
        double bcGauss = WeightStatistics.of(gauss).bimodalityCoefficient();
        double bcBimodal = WeightStatistics.of(bimodal).bimodalityCoefficient();
        assertTrue(bcGauss < WeightStatistics.BIMODALITY_THRESHOLD, "Gaussian BC " + bcGauss);
        assertEquals(1.0 / 3.0, bcGauss, 0.02); // skewness 0, excess kurtosis 0 -> 1/3
        assertTrue(bcBimodal > WeightStatistics.BIMODALITY_THRESHOLD, "bimodal BC " + bcBimodal);
        // Mixture: E[x^4] = 16 + 6*4*0.25 + 3*0.0625 = 22.1875, m2 = 4.25 -> g2 = 22.1875/18.0625 - 3 = -1.7716;
        // BC ~ 1 / (3 - 1.7716) = 0.814
        assertEquals(0.814, bcBimodal, 0.02);
    }

    @Test
    void constantValuesHaveZeroSpreadAndUndefinedShape() {
        WeightStatistics s = WeightStatistics.of(new double[] {0, 0, 0, 0, 0});
        assertEquals(0.0, s.standardDeviation());
        assertTrue(Double.isNaN(s.skewness()));
        assertTrue(Double.isNaN(s.bimodalityCoefficient()));
        assertTrue(Double.isNaN(s.ksDistanceToGaussian()));
    }

    @Test
    void nonFiniteValuesAreRejectedWithTheirIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightStatistics.of(new double[] {1, 2, Double.NaN}));
        assertTrue(e.getMessage().contains("values[2] = NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightStatistics.of(new double[0]));
    }

    @Test
    void l2DistanceToReference() {
        // x - r = {-3, -1, -1, -1, 0, 0, 2, 4}: squares sum to 32 -> sqrt(32); ||r|| = sqrt(8 * 25) = sqrt(200)
        double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
        double[] r = {5, 5, 5, 5, 5, 5, 5, 5};
        assertEquals(Math.sqrt(32), WeightStatistics.l2Distance(x, r), 1e-12);
        assertEquals(Math.sqrt(32) / Math.sqrt(200), WeightStatistics.relativeL2Distance(x, r), 1e-12);
        assertTrue(Double.isNaN(WeightStatistics.relativeL2Distance(x, new double[8])));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightStatistics.l2Distance(x, new double[3]));
        assertTrue(e.getMessage().contains("8") && e.getMessage().contains("3"), e.getMessage());
    }
}
