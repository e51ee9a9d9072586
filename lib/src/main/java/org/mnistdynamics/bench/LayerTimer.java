package org.mnistdynamics.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Times the forward and backward pass of each layer of a network separately, on real mini-batches.
 *
 * <p>It runs what {@code MultiLayerNetwork.fit} runs, layer by layer (input pre-processors included): training-mode
 * {@code activate} of every layer in order, then the output layer's {@code backpropGradient} from the labels and
 * every other layer's in reverse order. It uses no workspaces (so allocation differs a little from training with
 * workspaces) and applies no update, so the parameters do not change. ND4J's CPU ops are synchronous, so wall time
 * around a call is that call's cost.
 */
public final class LayerTimer {

    private LayerTimer() {
    }

    /**
     * Time of one layer per mini-batch.
     *
     * @param name        layer name ({@code conv1}, {@code pool1}, ..., {@code output})
     * @param forwardMs   mean forward time per mini-batch, ms
     * @param backwardMs  mean backward time per mini-batch, ms (conv layers recompute their forward output here
     *                    unless a cache mode keeps it)
     */
    public record LayerTime(String name, double forwardMs, double backwardMs) {
    }

    /**
     * @param net     an initialised network
     * @param batches mini-batches ({@code [B, ...]} features in the network's layout, one-hot labels); the first one is
     *                a warm-up and not counted
     * @return one entry per layer, in network order
     * @throws IllegalArgumentException if fewer than 2 mini-batches are given
     */
    public static List<LayerTime> time(MultiLayerNetwork net, List<DataSet> batches) {
        if (batches.size() < 2) {
            throw new IllegalArgumentException("need at least 2 mini-batches (1 warm-up), got " + batches.size());
        }
        net.initGradientsView(); // fit() would do this lazily; backpropGradient writes into these views
        int n = net.getnLayers();
        double[] forward = new double[n];
        double[] backward = new double[n];
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        for (int b = 0; b < batches.size(); b++) {
            DataSet ds = batches.get(b);
            boolean counted = b > 0;
            int batchSize = (int) ds.getFeatures().size(0);
            INDArray a = ds.getFeatures();
            for (int i = 0; i < n; i++) {
                InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
                long t0 = System.nanoTime();
                if (pre != null) {
                    a = pre.preProcess(a, batchSize, mgr);
                }
                a = net.getLayer(i).activate(a, true, mgr);
                if (counted) {
                    forward[i] += (System.nanoTime() - t0) / 1e6;
                }
            }
            IOutputLayer out = (IOutputLayer) net.getLayer(n - 1);
            out.setLabels(ds.getLabels());
            INDArray epsilon = null;
            for (int i = n - 1; i >= 0; i--) {
                Layer layer = net.getLayer(i);
                long t0 = System.nanoTime();
                Pair<Gradient, INDArray> p = layer.backpropGradient(epsilon, mgr);
                epsilon = p.getSecond();
                InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
                if (pre != null && i > 0) {
                    epsilon = pre.backprop(epsilon, batchSize, mgr);
                }
                if (counted) {
                    backward[i] += (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        List<LayerTime> out = new ArrayList<>();
        int counted = batches.size() - 1;
        for (int i = 0; i < n; i++) {
            String name = net.getLayer(i).conf().getLayer().getLayerName();
            out.add(new LayerTime(name == null ? "layer" + i : name, forward[i] / counted, backward[i] / counted));
        }
        net.clearLayersStates();
        return out;
    }
}
