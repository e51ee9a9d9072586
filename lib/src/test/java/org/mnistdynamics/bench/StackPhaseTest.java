package org.mnistdynamics.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stacks as JFR records them during training (innermost frame first) land in the right phase and layer. */
class StackPhaseTest {

    private static final String FIT = "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.fit";
    private static final String TRAIN = "org.mnistdynamics.train.Trainer.trainEpoch";

    @Test
    void convolutionInsideTheBackwardPass() {
        List<String> stack = List.of("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.execCustomOp2",
                "org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper.backpropGradient",
                "org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.backpropGradient",
                "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.calcBackpropGradients",
                "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.computeGradientAndScore", FIT, TRAIN);
        assertEquals("backward", StackPhase.phase(stack));
        assertEquals("conv", StackPhase.layer(stack));
    }

    @Test
    void reluOfAConvLayerInTheForwardPass() {
        List<String> stack = List.of("org.nd4j.linalg.activations.impl.ActivationReLU.getActivation",
                "org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.activate",
                "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.ffToLayerActivationsInWs", FIT, TRAIN);
        assertEquals("forward", StackPhase.phase(stack));
        assertEquals("activation", StackPhase.layer(stack));
    }

    @Test
    void poolingOfAnEvaluationPassCountsAsEvaluation() {
        List<String> stack = List.of("org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.activate",
                "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.outputOfLayerDetached",
                "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.output", "org.mnistdynamics.train.Evaluation.of",
                "org.mnistdynamics.train.Trainer.evaluate");
        assertEquals("evaluation", StackPhase.phase(stack));
        assertEquals("pool", StackPhase.layer(stack));
    }

    @Test
    void updaterCheckpointDataAndTheRest() {
        assertEquals("updater", StackPhase.phase(List.of("org.nd4j.linalg.learning.AdamUpdater.applyUpdater",
                "org.deeplearning4j.nn.updater.UpdaterBlock.update",
                "org.deeplearning4j.nn.updater.BaseMultiLayerUpdater.update", FIT, TRAIN)));
        assertEquals("checkpointing", StackPhase.phase(List.of("java.util.zip.Deflater.deflateBytesBytes",
                "org.deeplearning4j.util.ModelSerializer.writeModel", "org.mnistdynamics.train.CheckpointStore.write")));
        assertEquals("data", StackPhase.phase(List.of("java.lang.System.arraycopy",
                "org.mnistdynamics.data.Split.features", "org.mnistdynamics.train.InputLayout.features", TRAIN)));
        assertEquals("fit-other", StackPhase.phase(List.of(
                "org.nd4j.linalg.workspace.BaseWorkspaceMgr.notifyScopeEntered", FIT, TRAIN)));
        assertEquals("other", StackPhase.phase(List.of("java.lang.Thread.sleep", TRAIN)));
        assertEquals("-", StackPhase.layer(List.of("java.lang.Thread.sleep", TRAIN)));
    }
}
