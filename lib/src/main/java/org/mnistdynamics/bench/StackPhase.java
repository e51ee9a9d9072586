package org.mnistdynamics.bench;

import java.util.List;

/**
 * Attributes a sampled stack of the training thread to a phase of the training loop and to a layer kind.
 *
 * <p>Frames are {@code package.Class.method} names, innermost first, as JFR's execution and native-method samples
 * give them. The phase is decided by the first rule that matches any frame:
 * <ol>
 *   <li>{@code evaluation}: inside {@code org.mnistdynamics.train.Evaluation.of} (validation and test passes);</li>
 *   <li>{@code checkpointing}: inside {@code CheckpointStore.write}, {@code MetricsTable.write},
 *       {@code RunDirectory.write*} or {@code AtomicFiles.write};</li>
 *   <li>{@code train-metrics}: inside the Trainer's accuracy listener;</li>
 *   <li>{@code updater}: inside DL4J's updater ({@code org.deeplearning4j.nn.updater}) or step function;</li>
 *   <li>{@code backward}: inside {@code MultiLayerNetwork.calcBackpropGradients} (includes the output layer's
 *       forward pass and loss gradient, which DL4J computes there);</li>
 *   <li>{@code forward}: inside {@code MultiLayerNetwork.ffToLayerActivationsInWs} or the score computation;</li>
 *   <li>{@code data}: gathering mini-batches ({@code Split.features/oneHotLabels}, {@code InputLayout}, the
 *       benchmark's batch sources);</li>
 *   <li>{@code fit-other}: elsewhere inside {@code MultiLayerNetwork.fit} (workspace set-up, bookkeeping);</li>
 *   <li>{@code other}: the rest (loop, logging, start-up).</li>
 * </ol>
 * The layer kind is taken from the innermost DL4J layer frame (declaring class, so dense and output layers share
 * {@code BaseLayer}): {@code conv}, {@code pool}, {@code dense/output}, {@code loss}, {@code dropout},
 * {@code activation}, or {@code -} if none.
 */
public final class StackPhase {

    /** Phases in report order. */
    public static final List<String> PHASES = List.of("forward", "backward", "updater", "data", "evaluation",
            "checkpointing", "train-metrics", "fit-other", "other");

    private StackPhase() {
    }

    /**
     * @param frames {@code package.Class.method}, innermost first
     * @return the phase (one of {@link #PHASES})
     */
    public static String phase(List<String> frames) {
        if (any(frames, "org.mnistdynamics.train.Evaluation.of")) {
            return "evaluation";
        }
        if (any(frames, "org.mnistdynamics.train.CheckpointStore.write") || any(frames, "org.mnistdynamics.train.MetricsTable.write")
                || any(frames, "org.mnistdynamics.train.RunDirectory.write") || any(frames, "org.mnistdynamics.util.AtomicFiles.write")) {
            return "checkpointing";
        }
        if (any(frames, "org.mnistdynamics.train.TrainAccuracyListener.")) {
            return "train-metrics";
        }
        if (any(frames, "org.deeplearning4j.nn.updater.") || any(frames, "org.deeplearning4j.optimize.stepfunctions.")) {
            return "updater";
        }
        if (any(frames, "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.calcBackpropGradients")) {
            return "backward";
        }
        if (any(frames, "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.ffToLayerActivations")
                || any(frames, "org.deeplearning4j.nn.layers.BaseOutputLayer.computeScore")) {
            return "forward";
        }
        if (any(frames, "org.mnistdynamics.data.Split.features") || any(frames, "org.mnistdynamics.data.Split.oneHotLabels")
                || any(frames, "org.mnistdynamics.train.InputLayout.") || any(frames, "org.mnistdynamics.bench.BatchSource")) {
            return "data";
        }
        if (any(frames, "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.fit")) {
            return "fit-other";
        }
        return "other";
    }

    /**
     * @param frames {@code package.Class.method}, innermost first
     * @return the layer kind of the innermost DL4J layer frame, or {@code -}
     */
    public static String layer(List<String> frames) {
        for (String f : frames) {
            if (f.startsWith("org.nd4j.linalg.activations.")) {
                return "activation";
            }
            if (f.startsWith("org.deeplearning4j.nn.layers.convolution.subsampling.")) {
                return "pool";
            }
            if (f.startsWith("org.deeplearning4j.nn.layers.convolution.") || f.startsWith("org.deeplearning4j.nn.layers.mkldnn.MKLDNNConv")) {
                return "conv";
            }
            if (f.startsWith("org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsampling")) {
                return "pool";
            }
            if (f.startsWith("org.deeplearning4j.nn.layers.AbstractLayer.applyDropOut")
                    || f.startsWith("org.deeplearning4j.nn.layers.AbstractLayer.backpropDropOut")) {
                return "dropout";
            }
            if (f.startsWith("org.deeplearning4j.nn.layers.BaseOutputLayer.computeScore")
                    || f.startsWith("org.deeplearning4j.nn.layers.BaseOutputLayer.getGradientsAndDelta")
                    || f.startsWith("org.nd4j.linalg.lossfunctions.")) {
                return "loss";
            }
            if (f.startsWith("org.deeplearning4j.nn.layers.")) {
                return "dense/output";
            }
        }
        return "-";
    }

    private static boolean any(List<String> frames, String prefix) {
        for (String f : frames) {
            if (f.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
