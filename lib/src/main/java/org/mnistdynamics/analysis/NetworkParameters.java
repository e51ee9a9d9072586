package org.mnistdynamics.analysis;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Enumerates the parameter tensors of a DL4J {@link MultiLayerNetwork} layer by layer, from
 * {@code net.getLayer(i).paramTable()}, as flat double arrays (copies; the network is not changed).
 * Layers without parameters (pooling, activation, dropout) contribute nothing.
 */
public final class NetworkParameters {

    private NetworkParameters() {
    }

    /**
     * All parameter tensors of a network.
     *
     * @param net an initialised network ({@code net.init()} called, or restored from a checkpoint)
     * @return one entry per (layer, parameter key), in layer order and, within a layer, DL4J's parameter-table
     *         order (e.g. {@code b} before {@code W} for convolution layers)
     * @throws IllegalArgumentException if {@code net} is null
     * @throws IllegalStateException    if the network has not been initialised
     */
    public static List<LayerParameter> of(MultiLayerNetwork net) {
        Activations.checkNet(net);
        List<LayerParameter> out = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            String name = Activations.layerName(net, i);
            String type = Activations.layerType(net, i);
            for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                INDArray p = e.getValue();
                out.add(new LayerParameter(i, name, type, e.getKey(), p.shape().clone(), flatten(p)));
            }
        }
        return out;
    }

    /**
     * Only the weight tensors ({@code "W"}) of a network: one per convolution, dense and output layer.
     *
     * @param net an initialised network
     * @return the weight tensors in layer order
     * @throws IllegalStateException as {@link #of(MultiLayerNetwork)}
     */
    public static List<LayerParameter> weights(MultiLayerNetwork net) {
        return of(net).stream().filter(LayerParameter::isWeights).toList();
    }

    /**
     * One parameter tensor.
     *
     * @param net        an initialised network
     * @param layerIndex layer index, {@code 0 <= layerIndex < net.getnLayers()}
     * @param key        parameter key, e.g. {@code "W"} or {@code "b"}
     * @return the tensor
     * @throws IllegalArgumentException if the layer index is out of range or the layer has no such parameter
     *                                  (the message lists the keys it has)
     */
    public static LayerParameter get(MultiLayerNetwork net, int layerIndex, String key) {
        Activations.checkLayerIndex(net, layerIndex);
        Map<String, INDArray> table = net.getLayer(layerIndex).paramTable();
        INDArray p = table.get(key);
        if (p == null) {
            throw new IllegalArgumentException("layer " + layerIndex + " ('" + Activations.layerName(net, layerIndex)
                    + "') has no parameter '" + key + "'; it has " + table.keySet());
        }
        return new LayerParameter(layerIndex, Activations.layerName(net, layerIndex),
                Activations.layerType(net, layerIndex), key, p.shape().clone(), flatten(p));
    }

    /** Row-major copy of any (possibly 'f'-ordered view) array. */
    static double[] flatten(INDArray a) {
        return Nd4j.toFlattened('c', a).toDoubleVector();
    }
}
