package org.mnistdynamics.analysis;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Histograms of one parameter tensor (one layer's {@code W} or {@code b}) at several epochs, all over the same
 * {@link SharedBins}. This is the data of one row of the weight-distribution figure.
 *
 * @param label         what is binned, e.g. {@code "conv1 W"}
 * @param bins          the shared bins
 * @param countsByEpoch counts per bin, shape {@code [B]}, per epoch (epoch 0 = initial weights), in epoch order
 */
public record EpochHistograms(String label, SharedBins bins, SortedMap<Integer, long[]> countsByEpoch) {

    /**
     * @throws IllegalArgumentException if a count array does not have {@code bins.binCount()} entries
     */
    public EpochHistograms {
        for (Map.Entry<Integer, long[]> e : countsByEpoch.entrySet()) {
            if (e.getValue().length != bins.binCount()) {
                throw new IllegalArgumentException("counts of epoch " + e.getKey() + " in '" + label + "' have "
                        + e.getValue().length + " bins; expected " + bins.binCount());
            }
        }
        countsByEpoch = Collections.unmodifiableSortedMap(new TreeMap<>(countsByEpoch));
    }

    /**
     * Bins every epoch's values over the range of all of them.
     *
     * @param label         what is binned, e.g. {@code "conv1 W"}
     * @param valuesByEpoch flat parameter values per epoch
     * @param binCount      number of bins (see {@link SharedBins#DEFAULT_BIN_COUNT})
     * @return the histograms
     * @throws IllegalArgumentException if no epoch is given or a value is NaN/infinite
     */
    public static EpochHistograms of(String label, Map<Integer, double[]> valuesByEpoch, int binCount) {
        SharedBins bins = SharedBins.spanning(valuesByEpoch.values(), binCount);
        return new EpochHistograms(label, bins, bins.countsByKey(valuesByEpoch));
    }

    /**
     * @param epoch an epoch present in {@link #countsByEpoch()}
     * @return its counts, shape {@code [B]}
     * @throws IllegalArgumentException naming the epoch and the epochs available
     */
    public long[] counts(int epoch) {
        long[] c = countsByEpoch.get(epoch);
        if (c == null) {
            throw new IllegalArgumentException("no histogram of epoch " + epoch + " for '" + label
                    + "'; epochs available: " + countsByEpoch.keySet());
        }
        return c.clone();
    }

    /** @return the largest single-bin count over all epochs (a shared y-axis maximum) */
    public long maxCount() {
        long m = 0;
        for (long[] c : countsByEpoch.values()) {
            for (long v : c) {
                m = Math.max(m, v);
            }
        }
        return m;
    }
}
