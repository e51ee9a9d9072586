package org.mnistdynamics.analysis;

import java.util.Arrays;

/**
 * One parameter tensor of one layer of a network, flattened.
 *
 * @param layerIndex index of the layer in the network (0 = first layer after the input)
 * @param layerName  DL4J layer name, e.g. {@code "conv1"}, {@code "dense"}, {@code "output"}
 * @param layerType  DL4J configuration class, e.g. {@code "ConvolutionLayer"}, {@code "DenseLayer"}
 * @param key        DL4J parameter key: {@code "W"} (weights) or {@code "b"} (biases); others for other layer kinds
 * @param shape      the tensor's shape in DL4J, e.g. {@code [32, 1, 3, 3]} (conv: out, in, kH, kW) or
 *                   {@code [3136, 128]} (dense: nIn, nOut)
 * @param values     the values flattened in row-major ('c') order over {@code shape}; length = product of shape
 */
public record LayerParameter(int layerIndex, String layerName, String layerType, String key, long[] shape,
                             double[] values) {

    /** Parameter key of weights in DL4J's parameter tables. */
    public static final String WEIGHTS = "W";
    /** Parameter key of biases in DL4J's parameter tables. */
    public static final String BIASES = "b";

    /** @return a short label for figures and tables, e.g. {@code "conv1 W"} */
    public String label() {
        return layerName + " " + key;
    }

    /** @return {@code true} for weights ({@code "W"}) */
    public boolean isWeights() {
        return WEIGHTS.equals(key);
    }

    /** @return number of values */
    public int size() {
        return values.length;
    }

    @Override
    public String toString() {
        return "LayerParameter[" + layerIndex + " " + label() + " (" + layerType + ") shape " + Arrays.toString(shape)
                + "]";
    }
}
