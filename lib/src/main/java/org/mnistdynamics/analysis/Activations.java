package org.mnistdynamics.analysis;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Activations of a trained DL4J {@link MultiLayerNetwork} in inference mode ({@code train = false}: no dropout):
 * penultimate-layer features for embeddings, first-layer filters and feature maps for figures, and dead ReLU units.
 * Inputs are fed in mini-batches of {@link #DEFAULT_BATCH_SIZE} images to bound memory.
 *
 * <p>Images are {@code [N, 1, 28, 28]} for the paper's NCHW networks ({@code [N, 28, 28, 1]} for NHWC), values as the
 * network was trained on (e.g. pixels scaled to [0, 1]). Outputs are Java arrays (copies), ready for Smile and XChart.
 */
public final class Activations {

    /** Images per forward pass. */
    public static final int DEFAULT_BATCH_SIZE = 256;

    private Activations() {
    }

    /**
     * Index of the penultimate layer: the layer before the output layer (the paper's dense 128-unit ReLU layer).
     *
     * @param net an initialised network with at least two layers
     * @return {@code net.getnLayers() - 2}
     * @throws IllegalArgumentException if the network has fewer than two layers
     */
    public static int penultimateLayerIndex(MultiLayerNetwork net) {
        checkNet(net);
        if (net.getnLayers() < 2) {
            throw new IllegalArgumentException("network has " + net.getnLayers()
                    + " layer(s); a penultimate layer needs at least two");
        }
        return net.getnLayers() - 2;
    }

    /**
     * Penultimate-layer activations, the features embedded by t-SNE/UMAP.
     *
     * @param net    an initialised network
     * @param images input images {@code [N, 1, 28, 28]}
     * @return activations {@code [N, units]}, e.g. {@code [N, 128]} for the baseline
     * @throws IllegalArgumentException if {@code images} is null or empty
     * @throws IllegalStateException    if the penultimate layer's output is not 2-D (not a dense layer)
     */
    public static double[][] penultimate(MultiLayerNetwork net, INDArray images) {
        int layer = penultimateLayerIndex(net);
        INDArray out = layerOutput(net, images, layer);
        if (out.rank() != 2) {
            throw new IllegalStateException("penultimate layer " + layer + " ('" + layerName(net, layer) + "', "
                    + layerType(net, layer) + ") outputs shape " + Arrays.toString(out.shape())
                    + "; expected [N, units] from a dense layer");
        }
        return out.toDoubleMatrix();
    }

    /**
     * Output of one layer for all images, computed in mini-batches.
     *
     * @param net        an initialised network
     * @param images     input {@code [N, ...]} as the network expects, e.g. {@code [N, 1, 28, 28]}
     * @param layerIndex {@code 0 <= layerIndex < net.getnLayers()}
     * @return the layer's activations {@code [N, ...]} in DL4J's layout (conv: {@code [N, C, H, W]} for NCHW)
     * @throws IllegalArgumentException if the index is out of range or {@code images} is null or empty
     */
    public static INDArray layerOutput(MultiLayerNetwork net, INDArray images, int layerIndex) {
        checkLayerIndex(net, layerIndex);
        checkImages(images);
        List<INDArray> parts = new ArrayList<>();
        long n = images.size(0);
        for (long start = 0; start < n; start += DEFAULT_BATCH_SIZE) {
            org.mnistdynamics.util.Interruption.check("activations of layer " + layerIndex + " (images " + start + ".." + n + ")");
            INDArray batch = rows(images, start, Math.min(n, start + DEFAULT_BATCH_SIZE));
            List<INDArray> acts = net.feedForwardToLayer(layerIndex, batch, false);
            parts.add(acts.get(acts.size() - 1).dup());
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /**
     * Index of the {@code ordinal}-th convolution layer (0 = conv1).
     *
     * @param net     an initialised network
     * @param ordinal 0-based rank among the convolution layers
     * @return its layer index
     * @throws IllegalArgumentException if the network has fewer convolution layers
     */
    public static int convolutionLayerIndex(MultiLayerNetwork net, int ordinal) {
        checkNet(net);
        int seen = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            if (confLayer(net, i) instanceof ConvolutionLayer && seen++ == ordinal) {
                return i;
            }
        }
        throw new IllegalArgumentException("network has " + seen + " convolution layer(s); asked for number "
                + (ordinal + 1));
    }

    /**
     * Kernels of a convolution layer for one input channel, as small images.
     *
     * @param net          an initialised network
     * @param layerIndex   index of a convolution layer
     * @param inputChannel input channel, {@code 0 <= inputChannel < nIn} (conv1 on MNIST has only channel 0)
     * @return weights {@code [filters][kH][kW]} (DL4J stores convolution weights as {@code [out, in, kH, kW]})
     * @throws IllegalArgumentException if the layer is not a convolution layer or the channel is out of range
     */
    public static float[][][] filters(MultiLayerNetwork net, int layerIndex, int inputChannel) {
        checkLayerIndex(net, layerIndex);
        if (!(confLayer(net, layerIndex) instanceof ConvolutionLayer)) {
            throw new IllegalArgumentException("layer " + layerIndex + " ('" + layerName(net, layerIndex) + "') is a "
                    + layerType(net, layerIndex) + "; expected a ConvolutionLayer");
        }
        INDArray w = net.getLayer(layerIndex).getParam("W");
        long[] s = w.shape();
        if (inputChannel < 0 || inputChannel >= s[1]) {
            throw new IllegalArgumentException("inputChannel = " + inputChannel + " but layer " + layerIndex
                    + " has " + s[1] + " input channel(s)");
        }
        float[][][] out = new float[(int) s[0]][(int) s[2]][(int) s[3]];
        for (int f = 0; f < s[0]; f++) {
            for (int y = 0; y < s[2]; y++) {
                for (int x = 0; x < s[3]; x++) {
                    out[f][y][x] = w.getFloat(f, inputChannel, y, x);
                }
            }
        }
        return out;
    }

    /**
     * The first convolution layer's kernels (conv1, input channel 0).
     *
     * @param net an initialised network with a convolution layer
     * @return weights {@code [filters][kH][kW]}, e.g. {@code [32][3][3]}
     * @throws IllegalArgumentException if the network has no convolution layer
     */
    public static float[][][] firstLayerFilters(MultiLayerNetwork net) {
        return filters(net, convolutionLayerIndex(net, 0), 0);
    }

    /**
     * Feature maps (post-ReLU outputs) of a convolution layer for a few images, channel first whatever the
     * network's data format.
     *
     * @param net        an initialised network
     * @param images     input images {@code [N, 1, 28, 28]} (a handful of sample digits)
     * @param layerIndex index of a convolution (or other 4-D output) layer, e.g. {@code convolutionLayerIndex(net, 0)}
     * @return activations {@code [N][C][H][W]}
     * @throws IllegalArgumentException if the layer's output is not 4-D
     */
    public static float[][][][] featureMaps(MultiLayerNetwork net, INDArray images, int layerIndex) {
        INDArray out = layerOutput(net, images, layerIndex);
        if (out.rank() != 4) {
            throw new IllegalArgumentException("layer " + layerIndex + " ('" + layerName(net, layerIndex)
                    + "') outputs shape " + Arrays.toString(out.shape()) + "; feature maps need a 4-D output");
        }
        if (cnnFormat(net) == CNN2DFormat.NHWC) {
            out = out.permute(0, 3, 1, 2);
        }
        long[] s = out.shape();
        float[][][][] maps = new float[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        for (int i = 0; i < s[0]; i++) {
            for (int c = 0; c < s[1]; c++) {
                for (int y = 0; y < s[2]; y++) {
                    for (int x = 0; x < s[3]; x++) {
                        maps[i][c][y][x] = out.getFloat(i, c, y, x);
                    }
                }
            }
        }
        return maps;
    }

    /**
     * Dead ReLU units per ReLU layer (dense units, or convolution channels) on a probe batch: a unit is dead when
     * its output is 0 for every image (and every spatial position). Layers whose activation is not ReLU (pooling,
     * softmax output) are skipped.
     *
     * @param net   an initialised network
     * @param probe probe images {@code [N, 1, 28, 28]}, e.g. 1,000 test images
     * @return one entry per ReLU layer, in layer order
     * @throws IllegalArgumentException if {@code probe} is null or empty
     */
    public static List<DeadUnits> deadReluUnits(MultiLayerNetwork net, INDArray probe) {
        checkNet(net);
        checkImages(probe);
        int layers = net.getnLayers();
        double[][] maxima = new double[layers][];
        long n = probe.size(0);
        for (long start = 0; start < n; start += DEFAULT_BATCH_SIZE) {
            org.mnistdynamics.util.Interruption.check("dead-unit probe (images " + start + ".." + n + ")");
            List<INDArray> acts = net.feedForward(rows(probe, start, Math.min(n, start + DEFAULT_BATCH_SIZE)), false);
            for (int i = 0; i < layers; i++) {
                if (!isRelu(net, i)) {
                    continue;
                }
                double[] m = unitMaxima(acts.get(i + 1), cnnFormat(net));
                if (maxima[i] == null) {
                    maxima[i] = m;
                } else {
                    for (int u = 0; u < m.length; u++) {
                        maxima[i][u] = Math.max(maxima[i][u], m[u]);
                    }
                }
            }
        }
        List<DeadUnits> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            if (maxima[i] == null) {
                continue;
            }
            int dead = 0;
            for (double m : maxima[i]) {
                if (m <= 0) {
                    dead++;
                }
            }
            out.add(new DeadUnits(i, layerName(net, i), layerType(net, i), maxima[i].length, dead, (int) n));
        }
        return out;
    }

    /** Max over every axis but the unit axis: [N, U] -> [U]; [N, C, H, W] (or NHWC) -> [C]. */
    private static double[] unitMaxima(INDArray act, CNN2DFormat format) {
        if (act.rank() == 2) {
            return act.max(0).toDoubleVector();
        }
        if (act.rank() == 4) {
            return (format == CNN2DFormat.NHWC ? act.max(0, 1, 2) : act.max(0, 2, 3)).toDoubleVector();
        }
        throw new IllegalStateException("cannot find units in an activation of shape " + Arrays.toString(act.shape()));
    }

    private static boolean isRelu(MultiLayerNetwork net, int i) {
        org.deeplearning4j.nn.conf.layers.Layer conf = confLayer(net, i);
        IActivation fn = null;
        if (conf instanceof BaseLayer b) {
            fn = b.getActivationFn();
        } else if (conf instanceof ActivationLayer a) {
            fn = a.getActivationFn();
        }
        return fn instanceof ActivationReLU || fn instanceof ActivationReLU6;
    }

    /** Data format of the first convolution layer (the paper's networks use one format throughout). */
    private static CNN2DFormat cnnFormat(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (confLayer(net, i) instanceof ConvolutionLayer c) {
                return c.getCnn2dDataFormat();
            }
        }
        return CNN2DFormat.NCHW;
    }

    /** Rows {@code [from, to)} of {@code a} along its first axis, all of the others; {@code a} itself when that is all. */
    static INDArray rows(INDArray a, long from, long to) {
        if (from == 0 && to == a.size(0)) {
            return a;
        }
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < idx.length; d++) {
            idx[d] = NDArrayIndex.all();
        }
        return a.get(idx);
    }

    static org.deeplearning4j.nn.conf.layers.Layer confLayer(MultiLayerNetwork net, int i) {
        return net.getLayerWiseConfigurations().getConf(i).getLayer();
    }

    static String layerName(MultiLayerNetwork net, int i) {
        String name = confLayer(net, i).getLayerName();
        return name == null ? "layer" + i : name;
    }

    static String layerType(MultiLayerNetwork net, int i) {
        return confLayer(net, i).getClass().getSimpleName();
    }

    static void checkNet(MultiLayerNetwork net) {
        if (net == null) {
            throw new IllegalArgumentException("network is null; expected an initialised MultiLayerNetwork");
        }
        if (net.getLayers() == null) {
            throw new IllegalStateException("network is not initialised; call net.init() first");
        }
    }

    static void checkLayerIndex(MultiLayerNetwork net, int layerIndex) {
        checkNet(net);
        if (layerIndex < 0 || layerIndex >= net.getnLayers()) {
            throw new IllegalArgumentException("layer index " + layerIndex + " is out of range; the network has "
                    + net.getnLayers() + " layers (0.." + (net.getnLayers() - 1) + ")");
        }
    }

    private static void checkImages(INDArray images) {
        if (images == null || images.rank() < 2 || images.size(0) == 0) {
            throw new IllegalArgumentException("images " + (images == null ? "is null" : "have shape "
                    + Arrays.toString(images.shape())) + "; expected a non-empty batch, e.g. [N, 1, 28, 28]");
        }
    }
}
