package org.mnistdynamics.train;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.mnistdynamics.data.Split;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How mini-batches are shaped for the network: {@code [N, 1, 28, 28]} (NCHW) or {@code [N, 28, 28, 1]} (NHWC).
 * With one channel both have the same memory order, so the NHWC view is a free reshape.
 *
 * @param format the network's data format
 */
public record InputLayout(CNN2DFormat format) {

    /**
     * @param split   source split
     * @param indices image order
     * @param from    first position in {@code indices}
     * @param count   images in the mini-batch
     * @return float32 features in this layout
     */
    public INDArray features(Split split, int[] indices, int from, int count) {
        INDArray nchw = split.features(indices, from, count);
        return format == CNN2DFormat.NHWC ? nchw.reshape('c', count, 28, 28, 1) : nchw;
    }
}
