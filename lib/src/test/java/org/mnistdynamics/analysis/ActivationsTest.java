package org.mnistdynamics.analysis;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationsTest {

    @Test
    void penultimateActivationsAreTheDenseLayerOutputForEveryImage() {
        MultiLayerNetwork net = TinyNetworks.cnn(CNN2DFormat.NCHW, 1);
        INDArray x = TinyNetworks.images(300, CNN2DFormat.NCHW, 2); // > one mini-batch of 256
        double[][] pen = Activations.penultimate(net, x);
        assertEquals(300, pen.length);
        assertEquals(16, pen[0].length);
        // Same as DL4J's own full forward pass, output of layer 2 (list index 3; index 0 is the input).
        INDArray ref = net.feedForward(x, false).get(3);
        assertEquals(ref.getDouble(0, 5), pen[0][5], 1e-6);
        assertEquals(ref.getDouble(299, 15), pen[299][15], 1e-6);
        assertEquals(2, Activations.penultimateLayerIndex(net));
    }

    @Test
    void firstLayerFiltersAreTheConv1Kernels() {
        MultiLayerNetwork net = TinyNetworks.cnn(CNN2DFormat.NCHW, 1);
        float[][][] f = Activations.firstLayerFilters(net);
        assertEquals(8, f.length);
        assertEquals(3, f[0].length);
        assertEquals(3, f[0][0].length);
        assertEquals(net.getLayer(0).getParam("W").getFloat(7, 0, 1, 2), f[7][1][2]);
    }

    @Test
    void featureMapsAreChannelFirstInBothDataFormats() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork net = TinyNetworks.cnn(format, 4);
            INDArray x = TinyNetworks.images(3, format, 5);
            float[][][][] maps = Activations.featureMaps(net, x, Activations.convolutionLayerIndex(net, 0));
            assertEquals(3, maps.length, format.toString());
            assertEquals(8, maps[0].length, format.toString());
            assertEquals(28, maps[0][0].length, format.toString());
            INDArray ref = net.feedForward(x, false).get(1);
            float expected = format == CNN2DFormat.NHWC ? ref.getFloat(2, 10, 20, 6) : ref.getFloat(2, 6, 10, 20);
            assertEquals(expected, maps[2][6][10][20], format.toString());
            for (float v : maps[1][3][14]) {
                assertTrue(v >= 0, "ReLU output " + v);
            }
        }
    }

    @Test
    void deadUnitsAreCountedPerReluLayer() {
        MultiLayerNetwork net = TinyNetworks.cnn(CNN2DFormat.NCHW, 6);
        // Force known dead and live units: a very negative bias kills a unit for inputs in [0, 1), a very positive
        // one keeps it alive. conv1: channel 0 dead, 7 alive. dense: units 0..3 dead, 12 alive.
        INDArray convB = net.getLayer(0).getParam("b");
        for (int c = 0; c < 8; c++) {
            convB.putScalar(c, c == 0 ? -1000 : 1000);
        }
        INDArray denseB = net.getLayer(2).getParam("b");
        for (int u = 0; u < 16; u++) {
            denseB.putScalar(u, u < 4 ? -1e6 : 1e6);
        }
        List<DeadUnits> dead = Activations.deadReluUnits(net, TinyNetworks.images(300, CNN2DFormat.NCHW, 7));
        assertEquals(2, dead.size()); // conv1 and dense; pooling and softmax are skipped
        assertEquals("conv1", dead.get(0).layerName());
        assertEquals(8, dead.get(0).units());
        assertEquals(1, dead.get(0).dead());
        assertEquals("dense", dead.get(1).layerName());
        assertEquals(4, dead.get(1).dead());
        assertEquals(0.25, dead.get(1).fraction(), 1e-12);
        assertEquals(300, dead.get(1).probeSize());
    }

    @Test
    void badInputIsNamed() {
        MultiLayerNetwork net = TinyNetworks.cnn(CNN2DFormat.NCHW, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activations.filters(net, 1, 0));
        assertTrue(e.getMessage().contains("SubsamplingLayer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activations.convolutionLayerIndex(net, 1));
        assertTrue(e.getMessage().contains("1 convolution layer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activations.penultimate(net, null));
        assertTrue(e.getMessage().contains("[N, 1, 28, 28]"), e.getMessage());
    }
}
