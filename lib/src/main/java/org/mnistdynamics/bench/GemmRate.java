package org.mnistdynamics.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The FP32 matrix-product rate ND4J attains on this machine: the ceiling against which training is compared.
 *
 * <p>Multiplies two random {@code [n, n]} float matrices with {@code INDArray.mmuli} into a preallocated result
 * (BLAS sgemm of the loaded nd4j-native build), after 2 untimed products; rate = {@code 2 n^3 / t}.
 */
public final class GemmRate {

    private GemmRate() {
    }

    /**
     * @param n       matrix side (2048 in the benchmark)
     * @param repeats timed products, at least 1
     * @return the median rate, GFLOP/s
     * @throws IllegalArgumentException if {@code n < 16} or {@code repeats < 1}
     */
    public static double medianGflops(int n, int repeats) {
        if (n < 16 || repeats < 1) {
            throw new IllegalArgumentException("GEMM size " + n + " (>= 16) and repeats " + repeats + " (>= 1) expected");
        }
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 2; i++) {
            a.mmuli(b, c);
        }
        double[] rates = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            a.mmuli(b, c);
            double seconds = (System.nanoTime() - t0) / 1e9;
            rates[i] = FlopCount.gemm(n) / seconds / 1e9;
        }
        return median(rates);
    }

    /** @return the median of the values (mean of the middle two for an even count); NaN if empty */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
