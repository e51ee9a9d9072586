package org.mnistdynamics.analysis;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A scaled-down version of the paper's CNN for tests: conv1 (8 filters 3x3, same, ReLU) -> max-pool 2x2 ->
 * dense 16 ReLU -> softmax 10, on [N, 1, 28, 28] input. Parameter counts by hand: conv1 W 8*1*3*3 = 72, b 8;
 * dense W (14*14*8) * 16 = 25,088, b 16; output W 16 * 10 = 160, b 10; total 25,354.
 */
final class TinyNetworks {

    static final long PARAMETER_COUNT = 72 + 8 + 25_088 + 16 + 160 + 10;

    private TinyNetworks() {
    }

    static MultiLayerNetwork cnn(CNN2DFormat format, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Sgd(0.1))
                .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).name("conv1").nOut(8).dataFormat(format)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
                        .kernelSize(2, 2).stride(2, 2).dataFormat(format).build())
                .layer(new DenseLayer.Builder().name("dense").nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1, format)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Uniform [0, 1) "images" [n, 1, 28, 28] (or [n, 28, 28, 1] for NHWC), seeded. */
    static INDArray images(int n, CNN2DFormat format, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return format == CNN2DFormat.NHWC ? Nd4j.rand(new int[] {n, 28, 28, 1}) : Nd4j.rand(new int[] {n, 1, 28, 28});
    }

    /** One-hot labels [n, 10] of class i % 10. */
    static INDArray oneHot(int n) {
        INDArray y = Nd4j.zeros(n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 10, 1.0);
        }
        return y;
    }
}
