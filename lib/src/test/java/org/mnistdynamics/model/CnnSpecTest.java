package org.mnistdynamics.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.*;

class CnnSpecTest {

    private static MultiLayerNetwork build(CnnSpec spec) {
        MultiLayerNetwork net = new MultiLayerNetwork(spec.toConfiguration(new Adam(1e-3), 1, CnnSpec.RuntimeOptions.DEFAULT));
        net.init();
        return net;
    }

    @Test
    void baselineParameterCountWorkedOutByHand() {
        // 3x3: conv1 32*(1*3*3)+32 = 320; conv2 64*(32*3*3)+64 = 18,496; 28 -> 14 -> 7 after two pools,
        // dense (7*7*64)*128+128 = 401,536; output 128*10+10 = 1,290. Total 421,642.
        assertEquals(421_642L, CnnSpec.BASELINE.parameterCount());
        assertEquals(421_642L, build(CnnSpec.BASELINE).numParams());
        // 5x5: conv1 32*25+32 = 832; conv2 64*32*25+64 = 51,264; dense and output as above. Total 454,922.
        CnnSpec five = CnnSpec.BASELINE.withKernelSize(5);
        assertEquals(454_922L, five.parameterCount());
        assertEquals(454_922L, build(five).numParams());
    }

    @Test
    void depthAndWidthVariantsMatchDl4j() {
        for (int depth = 1; depth <= 3; depth++) {
            for (double width : new double[]{0.5, 1.0, 2.0}) {
                CnnSpec spec = new CnnSpec(depth, width, 3, 0.5);
                assertEquals(spec.parameterCount(), build(spec).numParams(), "depth " + depth + " width " + width);
            }
        }
        // depth 1 by hand: conv 32*9+32 = 320; 14*14*32 = 6,272 -> dense 6,272*128+128 = 802,944; out 1,290.
        assertEquals(804_554L, new CnnSpec(1, 1.0, 3, 0.5).parameterCount());
        INDArray out = build(new CnnSpec(3, 1.0, 5, 0.5)).output(Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28));
        assertArrayEquals(new long[]{4, 10}, out.shape());
        assertEquals(4.0, out.sumNumber().doubleValue(), 1e-5); // softmax rows sum to 1
    }

    @Test
    void dropoutIsTheProbabilityOfDroppingAUnit() {
        // Shared case 02: the paper's 0.5 must zero about half the dense activations in training, none at inference.
        for (double p : new double[]{0.2, 0.5}) {
            MultiLayerNetwork net = build(CnnSpec.BASELINE.withDropout(p));
            int out = net.getnLayers() - 1;
            IDropout dropout = ((BaseLayer) net.getLayerWiseConfigurations().getConf(out).getLayer()).getIDropout();
            INDArray ones = Nd4j.ones(DataType.FLOAT, 2000, 128);
            INDArray dropped = dropout.applyDropout(ones.dup(), Nd4j.createUninitialized(DataType.FLOAT, 2000, 128), 0, 0,
                    LayerWorkspaceMgr.noWorkspaces());
            double zeroed = dropped.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
            assertEquals(p, zeroed, 0.01, "fraction zeroed in training for drop probability " + p);
            // survivors are scaled by 1/(1-p) (inverted dropout), so the expected activation is unchanged
            assertEquals(1 / (1 - p), dropped.maxNumber().doubleValue(), 1e-5);

            // Inference: the output layer sees its input untouched: softmax(x W + b) exactly.
            var layer = net.getLayer(out);
            INDArray x = Nd4j.rand(DataType.FLOAT, 50, 128);
            INDArray actual = layer.activate(x, false, LayerWorkspaceMgr.noWorkspaces());
            INDArray expected = Transforms.softmax(x.mmul(layer.getParam("W")).addRowVector(layer.getParam("b")));
            assertTrue(expected.equalsWithEps(actual, 1e-5), "no dropout at inference");
        }
    }

    @Test
    void badValuesAreNamedWithTheirRange() {
        assertEquals("model.depth = 0 is outside the allowed range 1..3",
                assertThrows(IllegalArgumentException.class, () -> new CnnSpec(0, 1, 3, 0.5)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CnnSpec(2, 1, 3, 1.0)).getMessage()
                .contains("model.dropout = 1.0 is outside the allowed range [0, 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CnnSpec(2, 1, 4, 0.5)).getMessage()
                .contains("model.kernelSize = 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CnnSpec(2, -1, 3, 0.5)).getMessage()
                .contains("model.width = -1.0"));
    }

    /**
     * Cache mode is a speed option only: the project's default (cache DEVICE) must train to the same parameters as
     * DL4J's defaults (cache NONE, the forward convolution recomputed in back-propagation) on real MNIST, dropout
     * included, so runs made with either are interchangeable (same run id, same resume).
     */
    @Test
    void cacheModeDoesNotChangeTheParameters() {
        var train = org.mnistdynamics.testing.TestData.mnist().train();
        INDArray reference = trainFourMiniBatches(CnnSpec.RuntimeOptions.DL4J_DEFAULTS, train);
        INDArray fast = trainFourMiniBatches(CnnSpec.RuntimeOptions.DEFAULT, train);
        assertEquals(CacheMode.DEVICE, CnnSpec.RuntimeOptions.DEFAULT.cacheMode());
        assertEquals(421_642L, reference.length());
        double moved = reference.distance2(build(CnnSpec.BASELINE).params());
        assertTrue(moved > 1e-3, "four steps must move the parameters: " + moved);
        double maxDiff = reference.sub(fast).amaxNumber().doubleValue();
        // bit-identical: the cached forward output is the very array the recomputation would produce
        assertEquals(0.0, maxDiff, "cache DEVICE vs NONE: max |difference| " + maxDiff);
    }

    private static INDArray trainFourMiniBatches(CnnSpec.RuntimeOptions runtime, org.mnistdynamics.data.Split train) {
        MultiLayerNetwork net = new MultiLayerNetwork(CnnSpec.BASELINE.toConfiguration(new Adam(1e-3), 1, runtime));
        net.init();
        int[] order = train.naturalOrder();
        Nd4j.getRandom().setSeed(42); // dropout masks
        for (int b = 0; b < 4; b++) {
            net.fit(new org.nd4j.linalg.dataset.DataSet(train.features(order, b * 128, 128), train.oneHotLabels(order, b * 128, 128)));
        }
        return net.params().dup();
    }
}
