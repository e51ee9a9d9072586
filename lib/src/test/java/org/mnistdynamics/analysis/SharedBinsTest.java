package org.mnistdynamics.analysis;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedBinsTest {

    @Test
    void edgesAndCountsOfAFixedRange() {
        // [0, 1] in 4 bins: edges 0, .25, .5, .75, 1. Values: 0 -> bin 0, .25 -> bin 1 (left-closed),
        // .5 -> bin 2, .99 and 1.0 -> bin 3 (the last bin is closed on the right).
        SharedBins bins = SharedBins.ofRange(0, 1, 4);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, bins.edges(), 1e-15);
        assertArrayEquals(new double[] {0.125, 0.375, 0.625, 0.875}, bins.centers(), 1e-15);
        assertArrayEquals(new long[] {1, 1, 1, 2}, bins.counts(new double[] {0, 0.25, 0.5, 0.99, 1.0}));
    }

    @Test
    void valuesOutsideTheSharedRangeAreRejected() {
        SharedBins bins = SharedBins.ofRange(-1, 1, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bins.counts(new double[] {0, 1.5}));
        assertTrue(e.getMessage().contains("values[1] = 1.5"), e.getMessage());
    }

    @Test
    void constantValuesGetAUnitWideRange() {
        SharedBins bins = SharedBins.spanning(List.of(new double[] {0, 0, 0}), 60);
        assertEquals(-0.5, bins.lower());
        assertEquals(0.5, bins.upper());
        assertEquals(3, Arrays.stream(bins.counts(new double[] {0, 0, 0})).sum());
    }

    @Test
    void histogramsOfRealLayerParametersCountEveryParameterAtEveryEpoch() {
        MultiLayerNetwork net = TinyNetworks.cnn(CNN2DFormat.NCHW, 12345);
        LayerParameter conv0 = NetworkParameters.get(net, 0, "W");
        LayerParameter dense0 = NetworkParameters.get(net, 2, "W");
        // "Epoch 1": one SGD step on a mini-batch changes the weights.
        net.fit(TinyNetworks.images(32, CNN2DFormat.NCHW, 1), TinyNetworks.oneHot(32));
        LayerParameter conv1 = NetworkParameters.get(net, 0, "W");
        LayerParameter dense1 = NetworkParameters.get(net, 2, "W");
        assertFalse(Arrays.equals(dense0.values(), dense1.values()), "training step did not change the weights");

        for (LayerParameter[] p : new LayerParameter[][] {{conv0, conv1}, {dense0, dense1}}) {
            Map<Integer, double[]> byEpoch = new TreeMap<>(Map.of(0, p[0].values(), 1, p[1].values()));
            EpochHistograms h = EpochHistograms.of(p[0].label(), byEpoch, SharedBins.DEFAULT_BIN_COUNT);
            assertEquals(60, h.bins().binCount());
            long expected = Arrays.stream(p[0].shape()).reduce(1, (a, b) -> a * b);
            for (int epoch : List.of(0, 1)) {
                assertEquals(expected, Arrays.stream(h.counts(epoch)).sum(), p[0].label() + " epoch " + epoch);
            }
            // The shared range is the min/max over both epochs, so one epoch's extremes sit in the outer bins.
            double min = Math.min(WeightStatistics.of(p[0].values()).min(), WeightStatistics.of(p[1].values()).min());
            assertEquals(min, h.bins().lower());
        }
        assertEquals(8 * 1 * 3 * 3, conv0.size());
        assertEquals(14 * 14 * 8 * 16, dense0.size());
    }

    @Test
    void missingEpochIsNamed() {
        EpochHistograms h = EpochHistograms.of("x", Map.of(0, new double[] {1, 2}), 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.counts(3));
        assertTrue(e.getMessage().contains("epoch 3") && e.getMessage().contains("[0]"), e.getMessage());
    }
}
