package org.mnistdynamics.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.data.Split;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loss and accuracy of a network on a split, in inference mode (no dropout).
 *
 * @param loss     mean cross-entropy {@code -ln p(true class)} over the images, nats (probabilities clipped at 1e-10)
 * @param accuracy fraction of images whose arg-max class is the label, in [0, 1]
 * @param images   number of images evaluated
 */
public record Evaluation(double loss, double accuracy, int images) {

    /** Mini-batch size used for evaluation (memory only; results do not depend on it). */
    public static final int EVAL_BATCH = 1000;

    /**
     * @param net    network; output {@code [N, 10]} probabilities
     * @param split  images and labels
     * @param limit  evaluate the first {@code min(limit, split.size())} images
     * @param layout input layout of the network
     * @return loss and accuracy
     * @throws org.mnistdynamics.util.Interruption.InterruptedWorkException if the thread is interrupted (checked per
     *                                  {@value #EVAL_BATCH} images)
     */
    public static Evaluation of(MultiLayerNetwork net, Split split, int limit, InputLayout layout) {
        int n = Math.min(limit, split.size());
        int[] order = split.naturalOrder();
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            org.mnistdynamics.util.Interruption.check("evaluation on " + split.name() + " (images " + from + ".." + n + ")");
            int count = Math.min(EVAL_BATCH, n - from);
            INDArray probs = net.output(layout.features(split, order, from, count), false);
            float[] p = probs.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
            for (int i = 0; i < count; i++) {
                int label = split.labels()[from + i];
                lossSum += -Math.log(Math.max(p[i * 10 + label], 1e-10));
                correct += argMax(p, i * 10) == label ? 1 : 0;
            }
        }
        return new Evaluation(lossSum / n, (double) correct / n, n);
    }

    /** @return index (0..9) of the largest of the 10 values starting at {@code offset} */
    static int argMax(float[] values, int offset) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
            if (values[offset + c] > values[offset + best]) {
                best = c;
            }
        }
        return best;
    }
}
