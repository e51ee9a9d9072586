package org.mnistdynamics.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Clauset-Shalizi-Newman power-law fit on cases with known answers. */
class PowerLawFitTest {

    @Test
    void maximumLikelihoodExponentByHand() {
        // values {1, e}, xmin = 1: alpha = 1 + 2 / (ln 1 + ln e) = 1 + 2 / 1 = 3
        assertEquals(3.0, PowerLawFit.alphaAt(new double[]{1, Math.E}, 1), 1e-15);
        // values {2, 2e, 2e²}, xmin = 2: alpha = 1 + 3 / (0 + 1 + 2) = 2
        assertEquals(2.0, PowerLawFit.alphaAt(new double[]{2, 2 * Math.E, 2 * Math.E * Math.E, 1.5}, 2), 1e-15);
    }

    @Test
    void recoversTheExponentOfParetoQuantiles() {
        // x_i = (1 - u_i)^(-1 / (alpha - 1)) with u_i = (i + 0.5) / n is Pareto(xmin = 1, alpha = 2.5) exactly in law
        int n = 2000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.pow(1 - (i + 0.5) / n, -1 / 1.5);
        }
        PowerLawFit f = PowerLawFit.fit(x);
        assertEquals(2.5, f.alpha(), 0.05);
        assertTrue(f.ks() < 0.02, "ks " + f.ks());
        assertTrue(f.tail() >= PowerLawFit.MIN_TAIL);
    }

    @Test
    void tooFewValuesGiveNaN() {
        PowerLawFit f = PowerLawFit.fit(new double[]{1, 2, 3});
        assertTrue(Double.isNaN(f.alpha()));
        assertEquals(3, f.tail());
    }
}
