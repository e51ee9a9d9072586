package org.mnistdynamics.analysis;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkParametersTest {

    @Test
    void enumeratesEveryParameterTensorWithItsShape() {
        MultiLayerNetwork net = TinyNetworks.cnn(CNN2DFormat.NCHW, 1);
        List<LayerParameter> all = NetworkParameters.of(net);
        assertEquals(6, all.size()); // W and b of conv1, dense, output; pool1 has none
        assertEquals(TinyNetworks.PARAMETER_COUNT, all.stream().mapToLong(LayerParameter::size).sum());
        assertEquals(net.numParams(), TinyNetworks.PARAMETER_COUNT);

        List<LayerParameter> w = NetworkParameters.weights(net);
        assertEquals(List.of("conv1 W", "dense W", "output W"), w.stream().map(LayerParameter::label).toList());
        assertArrayEquals(new long[] {8, 1, 3, 3}, w.get(0).shape());
        assertArrayEquals(new long[] {1568, 16}, w.get(1).shape());
        assertArrayEquals(new long[] {16, 10}, w.get(2).shape());
        assertEquals("ConvolutionLayer", w.get(0).layerType());
        assertEquals(3, w.get(2).layerIndex());
    }

    @Test
    void valuesAreFlattenedRowMajorOverTheShape() {
        MultiLayerNetwork net = TinyNetworks.cnn(CNN2DFormat.NCHW, 2);
        INDArray dense = net.getLayer(2).getParam("W"); // [1568, 16], stored 'f' order by DL4J
        double[] flat = NetworkParameters.get(net, 2, "W").values();
        assertEquals(dense.getDouble(0, 1), flat[1], 0);
        assertEquals(dense.getDouble(1, 0), flat[16], 0);
        assertEquals(dense.getDouble(1567, 15), flat[1567 * 16 + 15], 0);
        INDArray conv = net.getLayer(0).getParam("W"); // [8, 1, 3, 3]
        assertEquals(conv.getDouble(5, 0, 2, 1), NetworkParameters.get(net, 0, "W").values()[5 * 9 + 2 * 3 + 1], 0);
    }

    @Test
    void unknownKeyOrLayerIsNamed() {
        MultiLayerNetwork net = TinyNetworks.cnn(CNN2DFormat.NCHW, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkParameters.get(net, 1, "W"));
        assertTrue(e.getMessage().contains("pool1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NetworkParameters.get(net, 9, "W"));
        assertTrue(e.getMessage().contains("4 layers"), e.getMessage());
    }
}
