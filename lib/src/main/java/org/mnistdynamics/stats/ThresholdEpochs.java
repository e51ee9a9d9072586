package org.mnistdynamics.stats;

import java.util.List;
import java.util.OptionalInt;

/**
 * Epochs until a threshold is first reached, per seed, and their summary. A seed that never reaches the threshold
 * within its epoch budget is kept as "never", not dropped: the summary is over the seeds that reached it and says
 * how many did.
 *
 * @param epochs per seed, the first epoch at or above the threshold, or empty if never within the budget
 * @param budget the runs' number of epochs
 */
public record ThresholdEpochs(List<OptionalInt> epochs, int budget) {

    /** @return seeds that reached the threshold */
    public int reached() {
        return (int) epochs.stream().filter(OptionalInt::isPresent).count();
    }

    /** @return summary over the seeds that reached it, or empty if none did */
    public java.util.Optional<SeedSummary> summary() {
        double[] v = epochs.stream().filter(OptionalInt::isPresent).mapToDouble(OptionalInt::getAsInt).toArray();
        return v.length == 0 ? java.util.Optional.empty() : java.util.Optional.of(SeedSummary.of(v));
    }

    /**
     * @return per seed the epoch, with a never-reached seed counted as {@code budget + 1}: a lower bound of its true
     *         value, so a paired difference that claims this configuration is slower errs on the safe side
     */
    public double[] censored() {
        return epochs.stream().mapToDouble(e -> e.isPresent() ? e.getAsInt() : budget + 1).toArray();
    }

    /**
     * @return e.g. {@code "3.2 ± 0.6"}, {@code "3.5 ± 1.6 (4 of 5 seeds; 1 never)"}, {@code "never in 20 epochs"}
     */
    public String describe() {
        var s = summary();
        if (s.isEmpty()) {
            return "never in " + budget + " epochs";
        }
        String text = s.get().n() == 1 ? String.valueOf((int) s.get().mean()) : IntervalText.meanInterval(s.get(), 1, 1);
        int never = epochs.size() - reached();
        return never == 0 ? text : text + " (" + reached() + " of " + epochs.size() + " seeds; " + never + " never)";
    }

    /** @return per seed, e.g. {@code "3, 3, 4, never, 3"} */
    public String perSeed() {
        return String.join(", ", epochs.stream().map(e -> e.isPresent() ? String.valueOf(e.getAsInt()) : "never").toList());
    }
}
