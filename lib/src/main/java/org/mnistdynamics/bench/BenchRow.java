package org.mnistdynamics.bench;

import java.util.List;

/**
 * One benchmarked set-up: what its child process(es) measured, or why it failed.
 *
 * @param group    which question the row answers: {@code reference}, {@code classifier}, {@code kernel-layout},
 *                 {@code modes}, {@code pipeline}, {@code threads}
 * @param setUp    the set-up
 * @param children one result per process (empty if it failed)
 * @param error    the failure, or empty
 */
public record BenchRow(String group, SetUp setUp, List<ChildResult> children, String error) {

    /** @return whether the child(ren) produced numbers */
    public boolean ok() {
        return error.isEmpty() && !children.isEmpty();
    }

    /**
     * @return training images/s per timed repeat, summed over side-by-side processes (their repeats start together)
     */
    public double[] repeatRates() {
        if (!ok()) {
            return new double[0];
        }
        int repeats = children.stream().mapToInt(c -> c.imagesPerSecond().size()).min().orElse(0);
        double[] sum = new double[repeats];
        for (ChildResult c : children) {
            for (int r = 0; r < repeats; r++) {
                sum[r] += c.imagesPerSecond().get(r);
            }
        }
        return sum;
    }

    /** @return median training images/s over the timed repeats (NaN if failed) */
    public double imagesPerSecond() {
        return GemmRate.median(repeatRates());
    }

    /** @return slowest repeat, images/s */
    public double minImagesPerSecond() {
        return java.util.Arrays.stream(repeatRates()).min().orElse(Double.NaN);
    }

    /** @return fastest repeat, images/s */
    public double maxImagesPerSecond() {
        return java.util.Arrays.stream(repeatRates()).max().orElse(Double.NaN);
    }

    /** @return hand-counted training FLOPs per image of this set-up's network ({@link FlopCount}) */
    public double flopsPerImage() {
        return FlopCount.trainingPerImage(setUp.model());
    }

    /** @return attained training rate, GFLOP/s: images/s x FLOPs per image */
    public double gflops() {
        return imagesPerSecond() * flopsPerImage() / 1e9;
    }

    /** @return the GEMM rate measured in this row's (first) process, GFLOP/s */
    public double ownGemmGflops() {
        return ok() ? children.get(0).gemmGflops() : Double.NaN;
    }

    /** @return mean CPU utilisation over processes and repeats (see {@link ChildResult#cpuUtilisation()}) */
    public double cpuUtilisation() {
        return children.stream().flatMap(c -> c.cpuUtilisation().stream()).mapToDouble(Double::doubleValue)
                .average().orElse(Double.NaN);
    }

    /** @return the largest peak resident memory of the row's processes, MiB */
    public double peakRssMiB() {
        return children.stream().mapToDouble(ChildResult::peakRssMiB).max().orElse(Double.NaN);
    }
}
