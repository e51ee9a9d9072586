package org.mnistdynamics.experiment;

import org.mnistdynamics.stats.IntervalText;
import org.mnistdynamics.stats.PairedDifference;
import org.mnistdynamics.stats.Verdict;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims the article's Discussion checks, each as a difference between two configurations paired by seed with
 * its 95 % t interval, and the verdict that follows from the interval ({@link Verdict}). Nothing here is tuned: the
 * claims are the seed paper's, in its direction.
 */
public final class Claims {

    /**
     * One checked claim.
     *
     * @param key             variable key, e.g. {@code adam_vs_sgd_accuracy}
     * @param statement       the claim in words, e.g. "Adam ends with a higher test accuracy than SGD"
     * @param unit            unit of the difference as the article writes it ("percentage points", "epochs")
     * @param scale           factor from the stored difference to that unit (100 for accuracy fractions)
     * @param difference      the paired difference (claimed side minus other side)
     * @param claimedPositive true if the claim is that the difference is positive
     */
    public record Claim(String key, String statement, String unit, double scale, PairedDifference difference,
                        boolean claimedPositive) {

        /** @return the verdict from the interval */
        public Verdict verdict() {
            return difference.verdict(claimedPositive);
        }

        /** @return e.g. {@code "0.12 ± 0.07 percentage points"} */
        public String meanText() {
            return IntervalText.meanInterval(difference.summary(), scale, 2) + " " + unit;
        }

        /** @return e.g. {@code "[0.05, 0.19] percentage points"}, or "none from one seed" */
        public String intervalText() {
            if (!difference.summary().hasInterval()) {
                return "none from one seed";
            }
            return IntervalText.interval(difference.summary(), scale, 2) + " " + unit;
        }
    }

    private Claims() {
    }

    /**
     * The keys of every claim the Discussion checks on a dataset, so that a claim whose runs have not finished yet (a
     * sweep still running) is reported as not measured instead of missing. The two speed claims carry the dataset's
     * thresholds ({@link AccuracyThresholds}) in their keys, e.g. {@code adam_faster_than_sgd_98} on MNIST.
     *
     * @param dataset registered dataset name
     * @return the keys, in the Discussion's order
     * @throws IllegalArgumentException for a dataset without stated thresholds
     */
    public static List<String> keys(String dataset) {
        AccuracyThresholds th = AccuracyThresholds.of(dataset);
        return List.of("adam_vs_sgd_accuracy", "adam_vs_momentum_accuracy", "adam_vs_rmsprop_accuracy",
                "adam_faster_than_sgd_" + AccuracyThresholds.percent(th.lower()),
                "adam_faster_than_momentum_" + AccuracyThresholds.percent(th.upper()), "dropout_gain_depth_1",
                "dropout_gain_depth_2", "dropout_gain_depth_3", "dropout_gain_depth_2_width_0_5",
                "dropout_gain_grows_with_depth", "dropout_narrows_gap");
    }

    /**
     * @param optimizers   the optimizers plan
     * @param architecture the architecture plan
     * @return the Discussion's claims that both plans' completed runs can answer, in the Discussion's order
     * @throws IllegalArgumentException if the two plans ran on different datasets
     */
    public static List<Claim> of(PlanResult optimizers, PlanResult architecture) {
        if (!optimizers.plan().dataset().equals(architecture.plan().dataset())) {
            throw new IllegalArgumentException("claims compare runs of one dataset, but the optimizers plan ran on "
                    + optimizers.plan().dataset() + " and the architecture plan on " + architecture.plan().dataset());
        }
        AccuracyThresholds th = Summaries.thresholds(optimizers);
        List<Claim> out = new ArrayList<>();
        String adam = Paper.ANALYSED_RUN;
        for (String other : List.of("SGD", "SGD + momentum", "RMSProp")) {
            if (has(optimizers, adam) && has(optimizers, other)) {
                out.add(new Claim("adam_vs_" + PaperVariables.slug(optimizerName(optimizers, other)) + "_accuracy",
                        "Adam ends with a higher test accuracy than " + other, "percentage points", 100,
                        PairedDifference.of(Summaries.perSeed(optimizers, adam, "test_accuracy"),
                                Summaries.perSeed(optimizers, other, "test_accuracy")), true));
            }
        }
        // Convergence speed: the other optimizer needs more epochs than Adam (never reached = budget + 1, a lower bound).
        for (var speed : List.of(new Object[]{"SGD", th.lower()}, new Object[]{"SGD + momentum", th.upper()})) {
            String other = (String) speed[0];
            double threshold = (double) speed[1];
            if (has(optimizers, adam) && has(optimizers, other)) {
                out.add(new Claim("adam_faster_than_" + PaperVariables.slug(optimizerName(optimizers, other)) + "_"
                        + AccuracyThresholds.percent(threshold), "Adam reaches " + AccuracyThresholds.percent(threshold)
                        + " % validation accuracy in fewer epochs than " + other, "epochs", 1,
                        PairedDifference.of(epochs(optimizers, other, threshold), epochs(optimizers, adam, threshold)), true));
            }
        }
        Map<String, String[]> pairs = dropoutPairs(architecture);
        Map<String, PairedDifference> gains = new LinkedHashMap<>();
        pairs.forEach((key, labels) -> {
            PairedDifference gain = PairedDifference.of(Summaries.perSeed(architecture, labels[0], "test_accuracy"),
                    Summaries.perSeed(architecture, labels[1], "test_accuracy"));
            gains.put(key, gain);
            out.add(new Claim("dropout_gain_" + key, "dropout raises the test accuracy (" + labels[0] + ")",
                    "percentage points", 100, gain, true));
        });
        if (gains.containsKey("depth_3") && gains.containsKey("depth_1")) {
            out.add(new Claim("dropout_gain_grows_with_depth", "dropout helps more with three convolutional blocks than "
                    + "with one", "percentage points", 100, PairedDifference.of(gains.get("depth_3").bySeed(),
                    gains.get("depth_1").bySeed()), true));
        }
        if (pairs.containsKey("depth_2")) {
            String[] labels = pairs.get("depth_2");
            out.add(new Claim("dropout_narrows_gap", "dropout narrows the generalization gap of the baseline",
                    "percentage points", 100, PairedDifference.of(Summaries.perSeed(architecture, labels[1], "generalization_gap"),
                    Summaries.perSeed(architecture, labels[0], "generalization_gap")), true));
        }
        return out;
    }

    /**
     * @return per depth/width key ({@code depth_1}, {@code depth_2_width_0_5}, ...) the labels of the variant with
     *         dropout and of the same variant without, for variants trained both ways with completed runs
     */
    static Map<String, String[]> dropoutPairs(PlanResult architecture) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String with : architecture.configurations()) {
            for (String without : architecture.configurations()) {
                Optional<RunConfig> a = first(architecture, with);
                Optional<RunConfig> b = first(architecture, without);
                if (a.isPresent() && b.isPresent() && a.get().model().dropout() > 0 && b.get().model().dropout() == 0
                        && a.get().model().depth() == b.get().model().depth() && a.get().model().width() == b.get().model().width()) {
                    String key = "depth_" + a.get().model().depth() + (a.get().model().width() == 1.0 ? ""
                            : "_width_" + PaperVariables.slug(String.valueOf(a.get().model().width())));
                    out.put(key, new String[]{with, without});
                }
            }
        }
        return out;
    }

    private static Optional<RunConfig> first(PlanResult plan, String label) {
        return plan.runs(label).stream().findFirst().map(RunResult::config);
    }

    private static boolean has(PlanResult plan, String label) {
        return !plan.runs(label).isEmpty();
    }

    private static String optimizerName(PlanResult plan, String label) {
        return plan.runs(label).get(0).config().optimizer().name();
    }

    private static Map<Long, Double> epochs(PlanResult plan, String label, double threshold) {
        List<RunResult> runs = plan.runs(label);
        double[] censored = Summaries.thresholdEpochs(plan, label, threshold).censored();
        Map<Long, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            out.put(runs.get(i).config().seed(), censored[i]);
        }
        return out;
    }
}
