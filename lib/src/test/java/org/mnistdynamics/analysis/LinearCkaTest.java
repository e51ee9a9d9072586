package org.mnistdynamics.analysis;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Linear CKA on cases whose value is known (Kornblith et al. 2019, section 3 and eq. 4). */
class LinearCkaTest {

    @Test
    void identicalRepresentationsHaveCkaOne() {
        double[][] x = random(40, 7, 1);
        assertEquals(1.0, LinearCka.of(x, x), 1e-12);
    }

    @Test
    void oneDimensionalCaseIsTheSquaredCorrelation() {
        // x = (1, 2, 3), y = (1, 3, 2); centred: (-1, 0, 1) and (-1, 1, 0).
        // ||yᵀx||² = (1 + 0 + 0)² = 1; ||xᵀx|| = 2; ||yᵀy|| = 2; CKA = 1 / (2 * 2) = 0.25 (= corr², corr = 0.5).
        assertEquals(0.25, LinearCka.of(new double[][]{{1}, {2}, {3}}, new double[][]{{1}, {3}, {2}}), 1e-12);
    }

    @Test
    void smallTwoDimensionalExampleComputedByHand() {
        // X = [[1,0],[0,1],[0,0]], Y = [1,0,0]ᵀ. Column means (1/3, 1/3) and 1/3:
        // Xᶜ = [[2/3,-1/3],[-1/3,2/3],[-1/3,-1/3]], Yᶜ = [2/3,-1/3,-1/3]ᵀ.
        // Yᶜᵀ Xᶜ = [4/9+1/9+1/9, -2/9-2/9+1/9] = [2/3, -1/3]      -> ||.||² = 5/9
        // Xᶜᵀ Xᶜ = [[2/3,-1/3],[-1/3,2/3]]                          -> ||.||_F = sqrt(10)/3
        // Yᶜᵀ Yᶜ = 2/3                                              -> ||.||_F = 2/3
        // CKA = (5/9) / (sqrt(10)/3 * 2/3) = 5 / (2 sqrt(10)) = sqrt(10)/4 = 0.790569...
        double cka = LinearCka.of(new double[][]{{1, 0}, {0, 1}, {0, 0}}, new double[][]{{1}, {0}, {0}});
        assertEquals(Math.sqrt(10) / 4, cka, 1e-12);
        assertEquals(0.790569415, cka, 1e-9);
    }

    @Test
    void invariantToOrthogonalTransformsAndIsotropicScaling() {
        double[][] x = random(60, 8, 2);
        double[][] y = random(60, 5, 3);
        for (int i = 0; i < 60; i++) { // make y partly depend on x so CKA is well inside (0, 1)
            for (int j = 0; j < 5; j++) {
                y[i][j] += x[i][j];
            }
        }
        double base = LinearCka.of(x, y);
        assertTrue(base > 0.2 && base < 0.9, "base CKA " + base);
        RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(random(8, 8, 4))).getQ();
        double[][] xq = new Array2DRowRealMatrix(x).multiply(q).getData();
        assertEquals(base, LinearCka.of(xq, y), 1e-10);
        assertEquals(base, LinearCka.of(scale(x, 3.7), scale(y, 0.01)), 1e-10);
        // ... but not to a non-isotropic scaling of the features
        double[][] stretched = x.clone();
        for (int i = 0; i < stretched.length; i++) {
            stretched[i] = x[i].clone();
            stretched[i][0] *= 10;
        }
        assertTrue(Math.abs(LinearCka.of(stretched, y) - base) > 0.01);
    }

    @Test
    void featureAndGramFormsAgree() {
        // d = 50 > n = 20 takes the Gram form for x; y (d = 3) the feature form for its own norm.
        double[][] x = random(20, 50, 5);
        double[][] y = random(20, 3, 6);
        double[][] xSmall = new double[20][];
        for (int i = 0; i < 20; i++) {
            xSmall[i] = java.util.Arrays.copyOf(x[i], 10);
        }
        double wide = LinearCka.of(x, y);
        double byHand = ckaByDefinition(x, y);
        assertEquals(byHand, wide, 1e-10);
        assertEquals(ckaByDefinition(xSmall, y), LinearCka.of(xSmall, y), 1e-10);
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearCka.of(random(5, 2, 1), random(6, 2, 1)));
        assertTrue(e.getMessage().contains("[5, 2]") && e.getMessage().contains("[6, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinearCka.of(new double[][]{{1}}, new double[][]{{2}}));
        assertTrue(Double.isNaN(LinearCka.of(new double[][]{{1}, {1}, {1}}, new double[][]{{1}, {2}, {3}})));
    }

    /** CKA by its definition with commons-math matrices (an independent implementation for the comparison). */
    private static double ckaByDefinition(double[][] x, double[][] y) {
        RealMatrix xc = new Array2DRowRealMatrix(centre(x));
        RealMatrix yc = new Array2DRowRealMatrix(centre(y));
        double cross = Math.pow(yc.transpose().multiply(xc).getFrobeniusNorm(), 2);
        return cross / (xc.transpose().multiply(xc).getFrobeniusNorm() * yc.transpose().multiply(yc).getFrobeniusNorm());
    }

    private static double[][] centre(double[][] a) {
        double[][] c = new double[a.length][a[0].length];
        for (int j = 0; j < a[0].length; j++) {
            double m = 0;
            for (double[] row : a) {
                m += row[j];
            }
            m /= a.length;
            for (int i = 0; i < a.length; i++) {
                c[i][j] = a[i][j] - m;
            }
        }
        return c;
    }

    private static double[][] scale(double[][] a, double s) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] *= s;
            }
        }
        return out;
    }

    private static double[][] random(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[n][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return a;
    }
}
