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

    /** The optimizers Adam is compared with, by plan label. */
    private static final List<String> OTHER_OPTIMIZERS = List.of("SGD", "SGD + momentum", "RMSProp");
    private static final String GROWS_KEY = "dropout_gain_grows_with_depth";
    private static final String GROWS_STATEMENT = "dropout helps more with three convolutional blocks than with one";
    private static final String NARROWS_KEY = "dropout_narrows_gap";
    private static final String NARROWS_STATEMENT = "dropout narrows the generalization gap of the baseline";

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
     * The statement of every claim the two plans define, known before any of their runs has finished (from the plans'
     * configurations), so that a claim not measured yet is reported in words rather than by its key.
     *
     * @param optimizers   the optimizers plan
     * @param architecture the architecture plan
     * @return statement by claim key ({@link #keys}), in the Discussion's order
     */
    public static Map<String, String> statements(PlanResult optimizers, PlanResult architecture) {
        AccuracyThresholds th = AccuracyThresholds.of(optimizers.plan().dataset());
        Map<String, String> out = new LinkedHashMap<>();
        for (String other : OTHER_OPTIMIZERS) {
            planned(optimizers, other).ifPresent(c -> out.put(accuracyKey(c), accuracyStatement(other)));
        }
        planned(optimizers, "SGD").ifPresent(c -> out.put(speedKey(c, th.lower()), speedStatement("SGD", th.lower())));
        planned(optimizers, "SGD + momentum").ifPresent(c -> out.put(speedKey(c, th.upper()),
                speedStatement("SGD + momentum", th.upper())));
        dropoutPairs(architecture, label -> planned(architecture, label))
                .forEach((key, labels) -> out.put("dropout_gain_" + key, dropoutStatement(labels[0])));
        out.put(GROWS_KEY, GROWS_STATEMENT);
        out.put(NARROWS_KEY, NARROWS_STATEMENT);
        return out;
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
        for (String other : OTHER_OPTIMIZERS) {
            if (has(optimizers, adam) && has(optimizers, other)) {
                out.add(new Claim(accuracyKey(first(optimizers, other).orElseThrow()), accuracyStatement(other),
                        "percentage points", 100,
                        PairedDifference.of(Summaries.perSeed(optimizers, adam, "test_accuracy"),
                                Summaries.perSeed(optimizers, other, "test_accuracy")), true));
            }
        }
        // Convergence speed: the other optimizer needs more epochs than Adam (never reached = budget + 1, a lower bound).
        for (var speed : List.of(new Object[]{"SGD", th.lower()}, new Object[]{"SGD + momentum", th.upper()})) {
            String other = (String) speed[0];
            double threshold = (double) speed[1];
            if (has(optimizers, adam) && has(optimizers, other)) {
                out.add(new Claim(speedKey(first(optimizers, other).orElseThrow(), threshold),
                        speedStatement(other, threshold), "epochs", 1,
                        PairedDifference.of(epochs(optimizers, other, threshold), epochs(optimizers, adam, threshold)), true));
            }
        }
        Map<String, String[]> pairs = dropoutPairs(architecture);
        Map<String, PairedDifference> gains = new LinkedHashMap<>();
        pairs.forEach((key, labels) -> {
            PairedDifference gain = PairedDifference.of(Summaries.perSeed(architecture, labels[0], "test_accuracy"),
                    Summaries.perSeed(architecture, labels[1], "test_accuracy"));
            gains.put(key, gain);
            out.add(new Claim("dropout_gain_" + key, dropoutStatement(labels[0]), "percentage points", 100, gain, true));
        });
        if (gains.containsKey("depth_3") && gains.containsKey("depth_1")) {
            out.add(new Claim(GROWS_KEY, GROWS_STATEMENT, "percentage points", 100, PairedDifference.of(gains.get("depth_3").bySeed(),
                    gains.get("depth_1").bySeed()), true));
        }
        if (pairs.containsKey("depth_2")) {
            String[] labels = pairs.get("depth_2");
            out.add(new Claim(NARROWS_KEY, NARROWS_STATEMENT, "percentage points", 100, PairedDifference.of(Summaries.perSeed(architecture, labels[1], "generalization_gap"),
                    Summaries.perSeed(architecture, labels[0], "generalization_gap")), true));
        }
        return out;
    }

    /**
     * @return per depth/width key ({@code depth_1}, {@code depth_2_width_0_5}, ...) the labels of the variant with
     *         dropout and of the same variant without, for variants trained both ways with completed runs
     */
    static Map<String, String[]> dropoutPairs(PlanResult architecture) {
        return dropoutPairs(architecture, label -> first(architecture, label));
    }

    /** As {@link #dropoutPairs(PlanResult)}, each label's configuration given by {@code config}. */
    private static Map<String, String[]> dropoutPairs(PlanResult architecture,
                                                      java.util.function.Function<String, Optional<RunConfig>> config) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String with : architecture.configurations()) {
            for (String without : architecture.configurations()) {
                Optional<RunConfig> a = config.apply(with);
                Optional<RunConfig> b = config.apply(without);
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

    /** @return the configuration of a label as the plan defines it, whether or not a run of it has finished */
    private static Optional<RunConfig> planned(PlanResult plan, String label) {
        return plan.plan().resolve(plan.profile()).stream().filter(r -> r.label().equals(label)).findFirst()
                .map(ExperimentPlan.ResolvedRun::config);
    }

    private static String accuracyKey(RunConfig other) {
        return "adam_vs_" + PaperVariables.slug(other.optimizer().name()) + "_accuracy";
    }

    private static String accuracyStatement(String other) {
        return "Adam ends with a higher test accuracy than " + other;
    }

    private static String speedKey(RunConfig other, double threshold) {
        return "adam_faster_than_" + PaperVariables.slug(other.optimizer().name()) + "_" + AccuracyThresholds.percent(threshold);
    }

    private static String speedStatement(String other, double threshold) {
        return "Adam reaches " + AccuracyThresholds.percent(threshold) + " % validation accuracy in fewer epochs than " + other;
    }

    private static String dropoutStatement(String labelWithDropout) {
        return "dropout raises the test accuracy (" + labelWithDropout + ")";
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
