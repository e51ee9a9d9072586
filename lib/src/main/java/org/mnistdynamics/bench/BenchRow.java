package org.mnistdynamics.bench;

import org.mnistdynamics.model.CnnSpec;

import java.util.List;

/**
 * One benchmarked set-up: what its child process(es) measured, or why it failed or was skipped.
 *
 * @param group    which question the row answers: {@code reference}, {@code classifier}, {@code kernel-layout},
 *                 {@code modes}, {@code pipeline}, {@code threads}, {@code peer}
 * @param setUp    the Java set-up, or {@code null} for a PyTorch peer row
 * @param peer     the PyTorch peer set-up, or {@code null} for a Java row
 * @param children one result per process (empty if it failed or was skipped)
 * @param error    the failure (or {@value #SKIPPED} and the reason), or empty
 */
public record BenchRow(String group, SetUp setUp, PeerSetUp peer, List<ChildResult> children, String error) {

    /** Prefix of {@link #error} for a row that was not measured on purpose (e.g. torch not installed). */
    public static final String SKIPPED = "skipped: ";

    /**
     * @throws IllegalArgumentException unless exactly one of setUp and peer is given
     */
    public BenchRow {
        if ((setUp == null) == (peer == null)) {
            throw new IllegalArgumentException("a bench row is either a Java set-up or a PyTorch peer");
        }
    }

    /** A Java row. */
    public BenchRow(String group, SetUp setUp, List<ChildResult> children, String error) {
        this(group, setUp, null, children, error);
    }

    /** A PyTorch peer row. */
    public BenchRow(String group, PeerSetUp peer, List<ChildResult> children, String error) {
        this(group, null, peer, children, error);
    }

    /** @return whether this is a PyTorch peer row */
    public boolean isPeer() {
        return peer != null;
    }

    /** @return the row's name: {@link SetUp#name()} or {@link PeerSetUp#name()} */
    public String name() {
        return isPeer() ? peer.name() : setUp.name();
    }

    /** @return the network trained (the peer trains the baseline with 3x3 kernels) */
    public CnnSpec model() {
        return isPeer() ? CnnSpec.BASELINE.withKernelSize(3) : setUp.model();
    }

    /** @return whether the child(ren) produced numbers */
    public boolean ok() {
        return error.isEmpty() && !children.isEmpty();
    }

    /** @return whether the row was skipped on purpose (not a failure) */
    public boolean skipped() {
        return error.startsWith(SKIPPED);
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

    /** @return hand-counted training FLOPs per image of this row's network ({@link FlopCount}) */
    public double flopsPerImage() {
        return FlopCount.trainingPerImage(model());
    }

    /** @return attained training rate, GFLOP/s: images/s x FLOPs per image */
    public double gflops() {
        return imagesPerSecond() * flopsPerImage() / 1e9;
    }

    /** @return the GEMM rate measured in this row's (first) process, GFLOP/s (NaN for the peer, which does not measure it) */
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

    /**
     * @param more further measurements of the same set-up (another round)
     * @return this row with the other row's repeats appended to each process's (the median is then over all rounds)
     * @throws IllegalArgumentException if the other row is of another set-up
     */
    public BenchRow merge(BenchRow more) {
        if (!name().equals(more.name())) {
            throw new IllegalArgumentException("cannot merge rows of " + name() + " and " + more.name());
        }
        if (!more.ok()) {
            return ok() ? this : more;
        }
        if (!ok()) {
            return more;
        }
        List<ChildResult> merged = new java.util.ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            ChildResult a = children.get(i);
            ChildResult b = more.children().get(Math.min(i, more.children().size() - 1));
            List<Double> rates = new java.util.ArrayList<>(a.imagesPerSecond());
            rates.addAll(b.imagesPerSecond());
            List<Double> util = new java.util.ArrayList<>(a.cpuUtilisation());
            util.addAll(b.cpuUtilisation());
            merged.add(new ChildResult(a.setUp(), a.loadedLibrary(), a.convHelper(), a.gemmGflops(), rates, util,
                    b.lastLoss(), Math.max(a.peakRssMiB(), b.peakRssMiB()), b.loadAverage()));
        }
        return new BenchRow(group, setUp, peer, merged, error);
    }
}
