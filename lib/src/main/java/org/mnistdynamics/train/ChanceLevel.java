package org.mnistdynamics.train;

import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.data.Split;

import java.util.Locale;

/**
 * The rule that names a completed run that has not learned (issue 14, point 4): a run that ends at chance accuracy is
 * recorded "completed" like any other (SGD at learning rate 10 that stays finite ends at 9.6 % validation and 12.6 %
 * test accuracy), so summaries and the article flag it by this rule.
 *
 * <p><b>Rule.</b> The chance level of a split is the accuracy of always predicting its most frequent class (the
 * best a network can score without looking at the images; 11.3 % on MNIST's 5,000 validation images (digit 7), 1/10 for
 * balanced classes). A run has <em>not learned</em> when its final validation accuracy is less than
 * {@value #MARGIN_POINTS} percentage points above the chance level of the validation images it was evaluated on. The
 * margin is far above the sampling noise of a chance-level score (one standard error at 11 % on 5,000 images is
 * 0.45 points; on 500 images 1.4 points) and far below what any learning run of the paper reaches (the smoke
 * profile's 2-epoch runs: 89 % and more). Validation, not test, decides, as for every choice in the paper.
 *
 * <p>How to use it in summaries: {@code ChanceLevel.of(run, splits)} per run; show {@link Verdict#learned()} (e.g. a
 * column {@code learned} = yes/no) and {@link Verdict#note()} in tables, and leave runs that have not learned out of
 * comparisons between optimizers in the article's text, naming them with {@link Verdict#note()}.
 */
public final class ChanceLevel {

    /** Percentage points above chance a run's final validation accuracy must reach to count as having learned. */
    public static final double MARGIN_POINTS = 10;

    private ChanceLevel() {
    }

    /**
     * The verdict of one run.
     *
     * @param runId     the run
     * @param accuracy  its final validation accuracy, in [0, 1]
     * @param chance    the chance level of the evaluated validation images, in [0, 1]
     * @param threshold {@code chance + MARGIN_POINTS / 100}
     * @param learned   {@code accuracy >= threshold}
     */
    public record Verdict(String runId, double accuracy, double chance, double threshold, boolean learned) {

        /** @return e.g. "did not learn: validation accuracy 9.6 % is below 21.3 % (chance 11.3 % + 10 points)", or "" */
        public String note() {
            return learned ? "" : String.format(Locale.ROOT,
                    "did not learn: validation accuracy %.1f %% is below %.1f %% (chance %.1f %% + %.0f points)",
                    100 * accuracy, 100 * threshold, 100 * chance, MARGIN_POINTS);
        }
    }

    /**
     * @param classCounts images per class of the evaluated images, each {@code >= 0}, at least one positive
     * @return the share of the most frequent class, in (0, 1]
     * @throws IllegalArgumentException if the counts are empty, negative or all zero
     */
    public static double chance(int[] classCounts) {
        long total = 0;
        int max = 0;
        if (classCounts == null || classCounts.length == 0) {
            throw new IllegalArgumentException("class counts are empty; expected one count per class");
        }
        for (int i = 0; i < classCounts.length; i++) {
            if (classCounts[i] < 0) {
                throw new IllegalArgumentException("class count " + i + " is " + classCounts[i] + "; expected >= 0");
            }
            total += classCounts[i];
            max = Math.max(max, classCounts[i]);
        }
        if (total == 0) {
            throw new IllegalArgumentException("class counts are all zero; expected at least one image");
        }
        return (double) max / total;
    }

    /**
     * @param runId       the run (for the verdict)
     * @param accuracy    final validation accuracy, in [0, 1]
     * @param classCounts images per class of the validation images it was evaluated on
     * @return the verdict
     * @throws IllegalArgumentException if the accuracy is not in [0, 1] or the counts are invalid
     */
    public static Verdict of(String runId, double accuracy, int[] classCounts) {
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("run " + runId + ": validation accuracy " + accuracy + "; expected in [0, 1]");
        }
        double chance = chance(classCounts);
        double threshold = chance + MARGIN_POINTS / 100;
        return new Verdict(runId, accuracy, chance, threshold, accuracy >= threshold);
    }

    /**
     * @param run  a recorded run with a final validation accuracy
     * @param data the dataset's splits (the run's validation images are the first {@code evalImages} of them)
     * @return the verdict of the run
     * @throws IllegalStateException    if the run has no validation accuracy
     * @throws IllegalArgumentException if the splits are of another dataset
     */
    public static Verdict of(RunResult run, DatasetSplits data) {
        if (!run.config().dataset().equals(data.spec().name())) {
            throw new IllegalArgumentException("run " + run.config().runId() + " is for dataset " + run.config().dataset()
                    + " but the splits are " + data.spec().name());
        }
        Split evaluated = data.validation().first(run.config().evalImages());
        return of(run.config().runId(), run.finalValue("validation", "accuracy"), evaluated.classCounts());
    }
}
