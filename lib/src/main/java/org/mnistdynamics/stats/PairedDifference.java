package org.mnistdynamics.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The difference a − b of two configurations paired by seed: the same seed gives both the same initial weights (where
 * the architectures agree), the same shuffling and the same dropout stream, so pairing removes that share of the
 * seed-to-seed variation. Only seeds present in both are paired.
 *
 * @param seeds       the paired seeds, ascending
 * @param differences a − b per paired seed, same order
 * @param summary     mean paired difference with its 95 % t interval (n − 1 degrees of freedom)
 */
public record PairedDifference(List<Long> seeds, List<Double> differences, SeedSummary summary) {

    /**
     * @param a seed to value of the first configuration
     * @param b seed to value of the second
     * @return their paired difference a − b
     * @throws IllegalArgumentException if no seed is in both (naming both seed sets)
     */
    public static PairedDifference of(Map<Long, Double> a, Map<Long, Double> b) {
        List<Long> seeds = new ArrayList<>();
        List<Double> diffs = new ArrayList<>();
        for (var e : new TreeMap<>(a).entrySet()) {
            if (b.containsKey(e.getKey())) {
                seeds.add(e.getKey());
                diffs.add(e.getValue() - b.get(e.getKey()));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed in common to pair: " + new TreeMap<>(a).keySet() + " and "
                    + new TreeMap<>(b).keySet());
        }
        return new PairedDifference(List.copyOf(seeds), List.copyOf(diffs),
                SeedSummary.of(diffs.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /**
     * @return seed to difference a − b, in seed order: the input of a difference of differences
     *         ({@code PairedDifference.of(d1.bySeed(), d2.bySeed())})
     */
    public Map<Long, Double> bySeed() {
        Map<Long, Double> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < seeds.size(); i++) {
            out.put(seeds.get(i), differences.get(i));
        }
        return out;
    }

    /**
     * @param claimedPositive true if the claim is that a exceeds b, false if b exceeds a
     * @return the claim's verdict from the interval
     */
    public Verdict verdict(boolean claimedPositive) {
        return Verdict.of(summary, claimedPositive);
    }
}
