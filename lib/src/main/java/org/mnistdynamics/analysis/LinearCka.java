package org.mnistdynamics.analysis;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Linear centred kernel alignment (CKA) between two representations of the same {@code n} inputs (Kornblith, Norouzi,
 * Lee &amp; Hinton 2019, "Similarity of neural network representations revisited", ICML, eq. 4 with a linear kernel):
 *
 * <pre>
 *   CKA(X, Y) = ||Yᶜᵀ Xᶜ||²_F / (||Xᶜᵀ Xᶜ||_F · ||Yᶜᵀ Yᶜ||_F)
 * </pre>
 *
 * where {@code Xᶜ} and {@code Yᶜ} are {@code X} and {@code Y} with each column's mean removed. The value lies in
 * [0, 1]; it is 1 for identical representations and invariant to orthogonal transforms and isotropic scaling of
 * either one (not to arbitrary invertible linear maps). The matrix products are ND4J's (BLAS, double precision). Each
 * term is computed in the cheaper of two equal forms: the feature form above, or the Gram form
 * {@code <Xᶜ Xᶜᵀ, Yᶜ Yᶜᵀ>_F} (an {@code n x n} matrix), since {@code ||Xᶜᵀ Xᶜ||_F = ||Xᶜ Xᶜᵀ||_F} and
 * {@code ||Yᶜᵀ Xᶜ||²_F = <Xᶜ Xᶜᵀ, Yᶜ Yᶜᵀ>_F}. Memory: at most {@code n²} or {@code d²} doubles per term, whichever
 * is smaller.
 */
public final class LinearCka {

    private LinearCka() {
    }

    /**
     * @param x representation {@code [n, d1]} (or {@code [n, ...]}, flattened per row), any floating type
     * @param y representation {@code [n, d2]} of the same inputs in the same order
     * @return linear CKA in [0, 1]; NaN if either representation is constant over the inputs (CKA is 0/0 there)
     * @throws IllegalArgumentException if either is null, the row counts differ, or {@code n < 2}
     */
    public static double of(INDArray x, INDArray y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("CKA needs two representations; got " + (x == null ? "x = null" : "y = null"));
        }
        if (x.rank() < 2 || y.rank() < 2 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("CKA needs [n, d] representations of the same n inputs; got shapes "
                    + Arrays.toString(x.shape()) + " and " + Arrays.toString(y.shape()));
        }
        long n = x.size(0);
        if (n < 2) {
            throw new IllegalArgumentException("CKA needs at least 2 inputs; got " + n);
        }
        INDArray xc = centred(x);
        INDArray yc = centred(y);
        long dx = xc.size(1);
        long dy = yc.size(1);
        double cross;
        INDArray kx = null;
        INDArray ky = null;
        if (dx <= n && dy <= n) {
            INDArray yx = yc.transpose().mmul(xc);
            cross = yx.mul(yx).sumNumber().doubleValue();
        } else {
            kx = xc.mmul(xc.transpose());
            ky = yc.mmul(yc.transpose());
            cross = kx.mul(ky).sumNumber().doubleValue();
        }
        double normX = selfNorm(xc, kx);
        double normY = selfNorm(yc, ky);
        if (normX == 0 || normY == 0) {
            return Double.NaN;
        }
        return cross / (normX * normY);
    }

    /**
     * @param x representation {@code [n][d1]}
     * @param y representation {@code [n][d2]} of the same inputs
     * @return linear CKA, as {@link #of(INDArray, INDArray)}
     */
    public static double of(double[][] x, double[][] y) {
        return of(org.nd4j.linalg.factory.Nd4j.create(x), org.nd4j.linalg.factory.Nd4j.create(y));
    }

    /** ||Xᶜᵀ Xᶜ||_F, from the Gram matrix when it is given or smaller. */
    private static double selfNorm(INDArray xc, INDArray gram) {
        long n = xc.size(0);
        long d = xc.size(1);
        INDArray m = gram != null ? gram : (d <= n ? xc.transpose().mmul(xc) : xc.mmul(xc.transpose()));
        return m.norm2Number().doubleValue();
    }

    /** Rows flattened to {@code [n, d]} in double precision, each column's mean removed. */
    private static INDArray centred(INDArray a) {
        long n = a.size(0);
        INDArray flat = a.reshape('c', n, a.length() / n).castTo(DataType.DOUBLE).dup('c');
        return flat.subiRowVector(flat.mean(0));
    }
}
