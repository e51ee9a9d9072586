package org.mnistdynamics.bench;

import org.mnistdynamics.model.CnnSpec;

/**
 * Floating-point operations of the paper's CNN, counted by hand from the architecture.
 *
 * <p>One multiply-add counts as 2 FLOPs. Per image, forward pass:
 * <ul>
 *   <li>convolution block {@code i} ('same' padding, stride 1, output {@code H x W = s_i x s_i} with
 *       {@code s_0 = 28} and {@code s_{i+1} = s_i / 2}): {@code 2 * k * k * C_in * C_out * H * W};</li>
 *   <li>dense layer: {@code 2 * in * out} (flattened {@code s * s * C_last} inputs to {@code u} units), likewise
 *       the softmax output layer ({@code u} to 10);</li>
 *   <li>bias additions, ReLU, 2x2 max-pooling, dropout and softmax are a few operations per activation
 *       (under 1 % of the total for the baseline) and are not counted.</li>
 * </ul>
 * A training step costs 3 times the forward pass: the backward pass computes, per layer, the gradient with
 * respect to the weights and the gradient with respect to the input, each a product of the same size as the
 * forward one (the usual convention, e.g. Kaplan et al. 2020, "Scaling laws for neural language models",
 * section 2.1). The first layer's input gradient is not needed, so this slightly over-counts (by
 * {@code 2 k^2 * 32 * 784} FLOPs, 1.8 % for the 3x3 baseline). Evaluation costs 1 forward pass per image.
 *
 * <p>Baseline (depth 2, width 1, 3x3): forward 0.45 + 7.23 (conv) + 0.80 + 0.003 (dense) = 8.48 MFLOP, training
 * 25.4 MFLOP per image; with 5x5 kernels 22.1 and 66.4 MFLOP.
 */
public final class FlopCount {

    private FlopCount() {
    }

    /**
     * @param spec the network
     * @return FLOPs of one forward pass of one {@code [1, 28, 28]} image
     */
    public static double forwardPerImage(CnnSpec spec) {
        double flops = 0;
        int channels = 1;
        int side = 28;
        int k = spec.kernelSize();
        for (int b = 0; b < spec.depth(); b++) {
            int out = spec.filters(b);
            flops += 2.0 * k * k * channels * out * side * side;
            channels = out;
            side /= 2; // 2x2 max-pooling with stride 2, 'valid' (7 -> 3)
        }
        int units = spec.denseUnits();
        flops += 2.0 * side * side * channels * units;
        flops += 2.0 * units * 10;
        return flops;
    }

    /**
     * @param spec the network
     * @return FLOPs of one training step per image: forward, backward (input and weight gradients); 3 x forward
     */
    public static double trainingPerImage(CnnSpec spec) {
        return 3 * forwardPerImage(spec);
    }

    /**
     * @param n matrix side
     * @return FLOPs of the product of two {@code [n, n]} matrices, {@code 2 n^3}
     */
    public static double gemm(int n) {
        return 2.0 * n * n * (double) n;
    }
}
