package org.mnistdynamics.analysis;

/**
 * Dead ReLU units of one layer on a probe batch: a unit (dense) or channel (convolution) is dead when its ReLU output
 * is zero for every image of the batch (and, for a channel, at every spatial position), so it passes no gradient.
 *
 * @param layerIndex index of the layer in the network
 * @param layerName  DL4J layer name, e.g. {@code "conv1"}
 * @param layerType  DL4J configuration class, e.g. {@code "ConvolutionLayer"}
 * @param units      number of units (dense) or channels (convolution)
 * @param dead       number of dead units
 * @param probeSize  number of images in the probe batch
 */
public record DeadUnits(int layerIndex, String layerName, String layerType, int units, int dead, int probeSize) {

    /** @return {@code dead / units}, in [0, 1] */
    public double fraction() {
        return units == 0 ? 0 : (double) dead / units;
    }
}
