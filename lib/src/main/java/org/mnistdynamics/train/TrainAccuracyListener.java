package org.mnistdynamics.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts correct training-mode predictions of each mini-batch without a second forward pass.
 *
 * <p>DL4J calls {@code onBackwardPass} after the gradient is computed and before the updater changes the parameters;
 * at that point the output layer still holds its (dropped-out) training input, so re-activating it without applying
 * dropout again yields exactly the predictions the loss was computed from.
 */
final class TrainAccuracyListener extends BaseTrainingListener {

    private long correct;
    private long seen;

    @Override
    public void onBackwardPass(Model model) {
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        INDArray probs = net.getOutputLayer().activate(false, LayerWorkspaceMgr.noWorkspaces());
        float[] p = probs.castTo(DataType.FLOAT).data().asFloat();
        float[] y = net.getLabels().castTo(DataType.FLOAT).data().asFloat();
        int n = (int) probs.size(0);
        for (int i = 0; i < n; i++) {
            if (y[i * 10 + Evaluation.argMax(p, i * 10)] == 1f) {
                correct++;
            }
        }
        seen += n;
    }

    /** @return accuracy since the last reset, in [0, 1] */
    double accuracy() {
        return seen == 0 ? Double.NaN : (double) correct / seen;
    }

    void reset() {
        correct = 0;
        seen = 0;
    }
}
