package org.mnistdynamics.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The paper's CNN family.
 *
 * <p>Baseline (depth 2, width 1): conv 32 → max-pool 2x2 → conv 64 → max-pool 2x2 → dense 128 ReLU → dropout →
 * softmax 10. Block {@code i} (0-based) has {@code round(32 * 2^i * width)} filters of {@code kernelSize x kernelSize},
 * stride 1, 'same' padding, ReLU, followed by 2x2 max-pooling with stride 2; the dense layer has
 * {@code round(128 * width)} ReLU units. Input {@code [N, 1, 28, 28]} (or {@code [N, 28, 28, 1]} for NHWC), output
 * {@code [N, 10]} class probabilities.
 *
 * <p>Dropout follows the paper's (and Srivastava et al. 2014's) meaning: {@code dropout} is the probability of
 * <em>dropping</em> a unit. DL4J's {@code dropOut(x)} takes the probability of <em>retaining</em> one and applies it
 * to a layer's <em>input</em>, so the dense layer's dropout is configured on the output layer as
 * {@code new Dropout(1 - dropout)} (see shared case 02).
 *
 * <p>Weights: He initialisation (He et al. 2015, "Delving deep into rectifiers") for the ReLU layers, Xavier
 * (Glorot &amp; Bengio 2010) for the softmax layer; biases start at 0.
 *
 * @param depth       number of conv blocks, 1 to 3
 * @param width       multiplier on filter and unit counts, in (0, 4]
 * @param kernelSize  conv kernel side, odd, 1 to 7
 * @param dropout     probability of dropping a dense-layer unit in training, in [0, 1)
 */
public record CnnSpec(int depth, double width, int kernelSize, double dropout) {

    /** The paper's baseline with the default kernel size (3x3; see README "Speed" for why). */
    public static final CnnSpec BASELINE = new CnnSpec(2, 1.0, 3, 0.5);

    /**
     * @throws IllegalArgumentException naming the field, the value and the allowed range
     */
    @JsonCreator
    public CnnSpec(@JsonProperty("depth") int depth, @JsonProperty("width") double width,
                   @JsonProperty("kernelSize") int kernelSize, @JsonProperty("dropout") double dropout) {
        if (depth < 1 || depth > 3) {
            throw new IllegalArgumentException("model.depth = " + depth + " is outside the allowed range 1..3");
        }
        if (!(width > 0 && width <= 4)) {
            throw new IllegalArgumentException("model.width = " + width + " is outside the allowed range (0, 4]");
        }
        if (kernelSize < 1 || kernelSize > 7 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("model.kernelSize = " + kernelSize + " must be odd and in 1..7");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("model.dropout = " + dropout
                    + " is outside the allowed range [0, 1) (probability of dropping a unit)");
        }
        this.depth = depth;
        this.width = width;
        this.kernelSize = kernelSize;
        this.dropout = dropout;
    }

    /** @return filters of conv block {@code block} (0-based) */
    public int filters(int block) {
        return (int) Math.round(32 * (1 << block) * width);
    }

    /** @return units of the dense (penultimate) layer */
    public int denseUnits() {
        return (int) Math.round(128 * width);
    }

    /** @return this spec with another kernel size */
    public CnnSpec withKernelSize(int k) {
        return new CnnSpec(depth, width, k, dropout);
    }

    /** @return this spec with another drop probability */
    public CnnSpec withDropout(double p) {
        return new CnnSpec(depth, width, kernelSize, p);
    }

    /**
     * Number of trainable parameters, counted by hand from the architecture (used to check DL4J's count).
     * Conv block i: {@code f_i * (c_{i-1} * k * k) + f_i}; dense: {@code (s*s*f_last) * u + u} with
     * {@code s = 28 / 2^depth} (integer division, 'same' conv keeps the size, each pool halves it);
     * output: {@code u * 10 + 10}.
     *
     * @return parameter count
     */
    public long parameterCount() {
        long total = 0;
        int channels = 1;
        int side = 28;
        for (int b = 0; b < depth; b++) {
            int f = filters(b);
            total += (long) f * channels * kernelSize * kernelSize + f;
            channels = f;
            side /= 2;
        }
        int u = denseUnits();
        total += (long) side * side * channels * u + u;
        total += u * 10L + 10;
        return total;
    }

    /**
     * Builds the DL4J configuration.
     *
     * @param updater   optimizer with its learning-rate schedule
     * @param seed      seed of the weight initialisation
     * @param runtime   data layout and workspace/cache modes (speed only; the function computed is the same)
     * @return a configuration for {@code new MultiLayerNetwork(conf)}
     */
    public MultiLayerConfiguration toConfiguration(IUpdater updater, long seed, RuntimeOptions runtime) {
        return toConfiguration(updater, seed, runtime, 0);
    }

    /**
     * Builds the DL4J configuration with the first layers frozen: their optimizer is plain SGD with learning rate 0,
     * whose update {@code 0 * gradient} leaves weights and biases exactly as they are, as the frozen transfer networks
     * of Yosinski et al. 2014 need. (DL4J's {@code NoOp} updater is no freeze: it passes the raw gradient on as the
     * update, a step of learning rate 1.)
     *
     * @param updater      optimizer with its learning-rate schedule, for the layers that train
     * @param seed         seed of the weight initialisation
     * @param runtime      data layout and workspace/cache modes
     * @param frozenLayers how many leading DL4J layers (conv1, pool1, conv2, pool2, dense, output) do not train,
     *                     0 .. number of layers - 1
     * @return a configuration for {@code new MultiLayerNetwork(conf)}
     * @throws IllegalArgumentException if {@code frozenLayers} would freeze the softmax layer or is negative
     */
    public MultiLayerConfiguration toConfiguration(IUpdater updater, long seed, RuntimeOptions runtime, int frozenLayers) {
        if (frozenLayers < 0 || frozenLayers > 2 * depth + 1) {
            throw new IllegalArgumentException("frozenLayers = " + frozenLayers + " is outside 0.." + (2 * depth + 1)
                    + " (the softmax layer always trains)");
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(runtime.workspaceMode())
                .inferenceWorkspaceMode(runtime.workspaceMode())
                .cacheMode(runtime.cacheMode())
                .list();
        CNN2DFormat format = runtime.dataFormat();
        int layer = 0;
        for (int b = 0; b < depth; b++) {
            ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(kernelSize, kernelSize)
                    .name("conv" + (b + 1)).nOut(filters(b)).stride(1, 1)
                    .dataFormat(format).activation(Activation.RELU);
            if (layer < frozenLayers) {
                conv.updater(new Sgd(0.0));
            }
            list.layer(layer++, conv.build());
            list.layer(layer++, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .name("pool" + (b + 1)).kernelSize(2, 2).stride(2, 2).dataFormat(format)
                    .convolutionMode(ConvolutionMode.Truncate) // 'valid' pooling: 7 -> 3, as counted by hand
                    .build());
        }
        DenseLayer.Builder dense = new DenseLayer.Builder().name("dense").nOut(denseUnits()).activation(Activation.RELU);
        if (layer < frozenLayers) {
            dense.updater(new Sgd(0.0));
        }
        list.layer(layer++, dense.build());
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .name("output").nOut(10).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        if (dropout > 0) {
            out.dropOut(new Dropout(1.0 - dropout)); // DL4J: retain probability, applied to this layer's input
        }
        list.layer(layer, out.build());
        list.setInputType(InputType.convolutional(28, 28, 1, format));
        return list.build();
    }

    /**
     * Speed-only options of the DL4J network (they do not change the function computed).
     *
     * @param dataFormat    activation layout: NCHW (DL4J default) or NHWC
     * @param workspaceMode ENABLED (DL4J default) or NONE
     * @param cacheMode     NONE (DL4J default), HOST or DEVICE
     */
    public record RuntimeOptions(CNN2DFormat dataFormat, WorkspaceMode workspaceMode, CacheMode cacheMode) {
        /** DL4J's defaults: NCHW, workspaces enabled, no cache (the benchmark's stock set-up). */
        public static final RuntimeOptions DL4J_DEFAULTS = new RuntimeOptions(CNN2DFormat.NCHW, WorkspaceMode.ENABLED, CacheMode.NONE);
        /**
         * The project's default, the fastest measured ({@code results/bench.csv}, group {@code modes}): DL4J's
         * defaults but cache mode DEVICE, which keeps each conv layer's forward output for back-propagation instead
         * of recomputing it; 2,431 against 1,804 images/s with the oneDNN helpers on 2 cores. The parameters after
         * training are bit-identical to those with {@link #DL4J_DEFAULTS} ({@code CnnSpecTest}).
         */
        public static final RuntimeOptions DEFAULT = new RuntimeOptions(CNN2DFormat.NCHW, WorkspaceMode.ENABLED, CacheMode.DEVICE);
    }
}
