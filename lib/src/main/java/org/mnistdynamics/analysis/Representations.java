package org.mnistdynamics.analysis;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.util.Interruption;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The representations compared layer by layer (linear probes, CKA): the input, the output of each conv block (after
 * its max-pooling) and the dense layer's (post-ReLU) output, each flattened to {@code [N, features]}. Names:
 * {@code input} (784 features), {@code block1} (the baseline's 32 x 14 x 14 = 6,272), {@code block2} (64 x 7 x 7 =
 * 3,136), ..., {@code dense} (128). Computed in inference mode (no dropout), in mini-batches of
 * {@link Activations#DEFAULT_BATCH_SIZE} images.
 */
public final class Representations {

    /** The input's name. */
    public static final String INPUT = "input";
    /** The dense layer's name. */
    public static final String DENSE = "dense";

    private Representations() {
    }

    /**
     * @param net an initialised network of the paper's family (conv blocks, then a dense layer)
     * @return layer name -> index into {@code net.feedForward(...)}'s list (0 = input, i + 1 = output of layer i), in
     *         depth order
     */
    public static Map<String, Integer> layers(MultiLayerNetwork net) {
        Activations.checkNet(net);
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put(INPUT, 0);
        int block = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            var conf = Activations.confLayer(net, i);
            if (conf instanceof SubsamplingLayer) {
                out.put("block" + (++block), i + 1);
            } else if (conf instanceof DenseLayer) {
                out.put(out.containsKey(DENSE) ? DENSE + i : DENSE, i + 1);
            }
        }
        return out;
    }

    /**
     * @param net    an initialised network
     * @param images input {@code [N, 1, 28, 28]}
     * @param names  layer names of {@link #layers}
     * @return name -> activations {@code [N, features]} (float, a copy), in the order asked
     * @throws IllegalArgumentException if a name is not a layer of the network (the message lists the layers)
     */
    public static Map<String, INDArray> of(MultiLayerNetwork net, INDArray images, List<String> names) {
        Map<String, Integer> index = layers(net);
        for (String name : names) {
            if (!index.containsKey(name)) {
                throw new IllegalArgumentException("no layer '" + name + "'; the network's layers are " + index.keySet());
            }
        }
        long n = images.size(0);
        Map<String, List<INDArray>> parts = new LinkedHashMap<>();
        names.forEach(name -> parts.put(name, new ArrayList<>()));
        for (long start = 0; start < n; start += Activations.DEFAULT_BATCH_SIZE) {
            Interruption.check("layer representations (images " + start + ".." + n + ")");
            long end = Math.min(n, start + Activations.DEFAULT_BATCH_SIZE);
            INDArray batch = Activations.rows(images, start, end);
            List<INDArray> acts = net.feedForward(batch, false);
            for (String name : names) {
                INDArray a = acts.get(index.get(name));
                parts.get(name).add(a.reshape('c', a.size(0), a.length() / a.size(0)).castTo(DataType.FLOAT).dup('c'));
            }
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        parts.forEach((name, list) -> out.put(name, list.size() == 1 ? list.get(0) : Nd4j.concat(0, list.toArray(new INDArray[0]))));
        return out;
    }
}
