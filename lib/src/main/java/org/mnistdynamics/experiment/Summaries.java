package org.mnistdynamics.experiment;

import org.mnistdynamics.stats.IntervalText;
import org.mnistdynamics.stats.SeedSummary;
import org.mnistdynamics.stats.ThresholdEpochs;
import org.mnistdynamics.train.ChanceLevel;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.Trainer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;

/**
 * Tables that summarise a plan's runs, computed from their metrics: one row per run and seed (committed as
 * {@code <plan>-seeds.csv}), and one row per configuration with the mean and the 95 % t interval across seeds
 * (numbers in {@code <plan>-summary.csv}, text "mean ± half-width" in the article's tables).
 *
 * <p>The generalization gap is {@code train_eval} accuracy (inference mode, on training images) minus validation
 * accuracy; the training-mode running mean ({@code train}) is kept in the per-seed table for reference only.
 */
public final class Summaries {

    private Summaries() {
    }

    /**
     * @param run       a run
     * @param threshold validation accuracy, in [0, 1]
     * @return the first epoch whose validation accuracy is at least {@code threshold}, if any
     */
    public static OptionalInt epochsTo(RunResult run, double threshold) {
        int best = Integer.MAX_VALUE;
        for (Row r : run.metrics()) {
            if (r.getString("split").equals("validation") && r.getString("metric").equals("accuracy")
                    && r.getDouble("value") >= threshold && r.getInt("epoch") > 0) {
                best = Math.min(best, r.getInt("epoch"));
            }
        }
        return best == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** @return total wall time of a run's epochs, minutes */
    public static double trainingMinutes(RunResult run) {
        double seconds = 0;
        for (Row r : run.metrics()) {
            if (r.getString("metric").equals("epoch_seconds")) {
                seconds += r.getDouble("value");
            }
        }
        return seconds / 60;
    }

    /** @return final {@code train_eval} minus final validation accuracy (fraction; positive = over-fitting) */
    public static double generalizationGap(RunResult run) {
        return run.finalValue(Trainer.TRAIN_EVAL, "accuracy") - run.finalValue("validation", "accuracy");
    }

    /** The per-run quantities summarised across seeds, in table order. */
    static final Map<String, ToDoubleFunction<RunResult>> QUANTITIES = new LinkedHashMap<>();

    static {
        QUANTITIES.put("train_accuracy", r -> r.finalValue("train", "accuracy"));
        QUANTITIES.put("train_eval_accuracy", r -> r.finalValue(Trainer.TRAIN_EVAL, "accuracy"));
        QUANTITIES.put("validation_accuracy", r -> r.finalValue("validation", "accuracy"));
        QUANTITIES.put("test_accuracy", r -> r.finalValue("test", "accuracy"));
        QUANTITIES.put("test_loss", r -> r.finalValue("test", "loss"));
        QUANTITIES.put("generalization_gap", Summaries::generalizationGap);
        QUANTITIES.put("minutes", Summaries::trainingMinutes);
    }

    /**
     * @param plan     a plan's outcome
     * @param label    a configuration
     * @param quantity a key of the per-run quantities, e.g. {@code test_accuracy}
     * @return seed to value over the configuration's completed runs, in seed order
     * @throws IllegalArgumentException for an unknown quantity
     */
    public static Map<Long, Double> perSeed(PlanResult plan, String label, String quantity) {
        ToDoubleFunction<RunResult> f = QUANTITIES.get(quantity);
        if (f == null) {
            throw new IllegalArgumentException("unknown quantity '" + quantity + "'; known: " + QUANTITIES.keySet());
        }
        Map<Long, Double> out = new LinkedHashMap<>();
        for (RunResult r : plan.runs(label)) {
            out.put(r.config().seed(), f.applyAsDouble(r));
        }
        return out;
    }

    /**
     * @return the summary across seeds of one quantity of one configuration
     * @throws IllegalArgumentException if the configuration has no completed run
     */
    public static SeedSummary summary(PlanResult plan, String label, String quantity) {
        double[] v = perSeed(plan, label, quantity).values().stream().mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("plan " + plan.plan().name() + ": configuration '" + label + "' has no completed run");
        }
        return SeedSummary.of(v);
    }

    /**
     * A configuration chosen on validation accuracy.
     *
     * @param plan       the plan whose configuration it is
     * @param label      the configuration's label
     * @param validation its final validation accuracy across seeds (fraction)
     */
    public record Best(PlanResult plan, String label, SeedSummary validation) {
    }

    /**
     * The paper's model selection: the configuration with the highest mean final validation accuracy across its
     * completed seeds (never chosen on test accuracy). Plans are searched in the order given and each plan's
     * configurations in plan order; a tie keeps the first, and a configuration without a completed run is skipped.
     *
     * @param plans plans' outcomes, e.g. the optimizers and the architecture plan
     * @return the best configuration, or empty if no configuration of any plan has a completed run
     */
    public static Optional<Best> bestOnValidation(List<PlanResult> plans) {
        Best best = null;
        for (PlanResult plan : plans) {
            for (String label : plan.configurations()) {
                if (plan.runs(label).isEmpty()) {
                    continue;
                }
                SeedSummary validation = summary(plan, label, "validation_accuracy");
                if (best == null || validation.mean() > best.validation().mean()) {
                    best = new Best(plan, label, validation);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return epochs to a validation-accuracy threshold for each completed seed of a configuration */
    public static ThresholdEpochs thresholdEpochs(PlanResult plan, String label, double threshold) {
        List<RunResult> runs = plan.runs(label);
        int budget = runs.isEmpty() ? 0 : runs.get(0).config().epochs();
        return new ThresholdEpochs(runs.stream().map(r -> epochsTo(r, threshold)).toList(), budget);
    }

    /**
     * One row per completed run (configuration and seed): label, seed, run id, model, the quantities and the epochs to
     * each threshold (missing = never reached).
     *
     * @param plan a plan's outcome
     * @return the table (committed as {@code <plan>-seeds.csv})
     */
    public static Table seedTable(PlanResult plan) {
        return seedTable(plan, null);
    }

    /**
     * As {@link #seedTable(PlanResult)}, with a column {@code learned} (yes/no) and a {@code note} from the stated rule
     * of {@link ChanceLevel}: a run whose final validation accuracy is not 10 points above chance did not learn.
     *
     * @param plan a plan's outcome
     * @param data the plan's dataset (its validation split's class counts give chance), or null for no such column
     * @return the table
     */
    public static Table seedTable(PlanResult plan, org.mnistdynamics.data.DatasetSplits data) {
        Table t = Table.create(plan.plan().name() + " per seed", StringColumn.create("run"), LongColumn.create("seed"),
                StringColumn.create("run_id"), StringColumn.create("optimizer"), DoubleColumn.create("learning_rate"),
                IntColumn.create("depth"), DoubleColumn.create("width"), DoubleColumn.create("dropout"),
                IntColumn.create("parameters"));
        QUANTITIES.keySet().forEach(q -> t.addColumns(DoubleColumn.create(q)));
        double[] thresholds = thresholds(plan).both();
        for (double th : thresholds) {
            t.addColumns(IntColumn.create(thresholdColumn(th)));
        }
        if (data != null) {
            t.addColumns(StringColumn.create("learned"), StringColumn.create("note"));
        }
        for (PlanResult.Outcome o : plan.runs()) {
            if (o.result().isEmpty()) {
                continue;
            }
            RunResult r = o.result().get();
            RunConfig c = r.config();
            t.stringColumn("run").append(o.label());
            t.longColumn("seed").append(c.seed());
            t.stringColumn("run_id").append(c.runId());
            t.stringColumn("optimizer").append(c.optimizer().name());
            t.doubleColumn("learning_rate").append(c.optimizer().learningRate());
            t.intColumn("depth").append(c.model().depth());
            t.doubleColumn("width").append(c.model().width());
            t.doubleColumn("dropout").append(c.model().dropout());
            t.intColumn("parameters").append((int) c.model().parameterCount());
            QUANTITIES.forEach((q, f) -> t.doubleColumn(q).append(f.applyAsDouble(r)));
            for (double th : thresholds) {
                OptionalInt e = epochsTo(r, th);
                if (e.isPresent()) {
                    t.intColumn(thresholdColumn(th)).append(e.getAsInt());
                } else {
                    t.intColumn(thresholdColumn(th)).appendMissing();
                }
            }
            if (data != null) {
                ChanceLevel.Verdict v = ChanceLevel.of(r, data);
                t.stringColumn("learned").append(v.learned() ? "yes" : "no");
                t.stringColumn("note").append(v.note());
            }
        }
        return t;
    }

    /**
     * One row per configuration: n, and for every quantity its mean and the half-width of its 95 % t interval
     * across seeds (missing for n = 1); for each threshold the mean epochs over the seeds that reached it and how
     * many did.
     *
     * @param plan a plan's outcome
     * @return the table (committed as {@code <plan>-summary.csv})
     */
    public static Table summaryTable(PlanResult plan) {
        Table t = Table.create(plan.plan().name() + " summary", StringColumn.create("run"), IntColumn.create("n"));
        for (String q : QUANTITIES.keySet()) {
            t.addColumns(DoubleColumn.create(q + "_mean"), DoubleColumn.create(q + "_sd"), DoubleColumn.create(q + "_half_width"));
        }
        double[] thresholds = thresholds(plan).both();
        for (double th : thresholds) {
            t.addColumns(DoubleColumn.create(thresholdColumn(th) + "_mean"), IntColumn.create(thresholdColumn(th) + "_reached"));
        }
        for (String label : plan.configurations()) {
            if (plan.runs(label).isEmpty()) {
                continue;
            }
            t.stringColumn("run").append(label);
            t.intColumn("n").append(plan.runs(label).size());
            for (String q : QUANTITIES.keySet()) {
                SeedSummary s = summary(plan, label, q);
                t.doubleColumn(q + "_mean").append(s.mean());
                appendOrMissing(t.doubleColumn(q + "_sd"), s.sd());
                appendOrMissing(t.doubleColumn(q + "_half_width"), s.halfWidth());
            }
            for (double th : thresholds) {
                ThresholdEpochs e = thresholdEpochs(plan, label, th);
                appendOrMissing(t.doubleColumn(thresholdColumn(th) + "_mean"), e.summary().map(SeedSummary::mean).orElse(Double.NaN));
                t.intColumn(thresholdColumn(th) + "_reached").append(e.reached());
            }
        }
        return t;
    }

    /**
     * The article's optimizer table: per optimizer, n, initial learning rate, test and validation accuracy (%, mean ±
     * half-width of the 95 % interval), epochs to the dataset's two thresholds ({@link AccuracyThresholds}; 98 % and
     * 99 % on MNIST) of validation accuracy, minutes of training.
     *
     * @param plan the optimizers plan's outcome
     * @return the table, text cells
     */
    public static Table optimizerTable(PlanResult plan) {
        AccuracyThresholds th = thresholds(plan);
        String lower = AccuracyThresholds.columnLabel(th.lower());
        String upper = AccuracyThresholds.columnLabel(th.upper());
        Table t = Table.create("optimizers", StringColumn.create("optimizer"), IntColumn.create("n"),
                StringColumn.create("lr"), StringColumn.create("test acc. (%)"), StringColumn.create("val. acc. (%)"),
                StringColumn.create(lower), StringColumn.create(upper), StringColumn.create("min"));
        for (String label : plan.configurations()) {
            List<RunResult> runs = plan.runs(label);
            if (runs.isEmpty()) {
                continue;
            }
            t.stringColumn("optimizer").append(label);
            t.intColumn("n").append(runs.size());
            t.stringColumn("lr").append(org.mnistdynamics.util.Numbers.plain(runs.get(0).config().optimizer().learningRate()));
            t.stringColumn("test acc. (%)").append(IntervalText.meanInterval(summary(plan, label, "test_accuracy"), 100, 2));
            t.stringColumn("val. acc. (%)").append(IntervalText.meanInterval(summary(plan, label, "validation_accuracy"), 100, 2));
            t.stringColumn(lower).append(thresholdEpochs(plan, label, th.lower()).describe());
            t.stringColumn(upper).append(thresholdEpochs(plan, label, th.upper()).describe());
            t.stringColumn("min").append(IntervalText.fixed(summary(plan, label, "minutes").mean(), 1));
        }
        return t;
    }

    /**
     * The article's architecture table: per variant, parameters, n, test accuracy (%), generalization gap
     * ({@code train_eval} − validation, percentage points) and epochs to the dataset's upper threshold of validation
     * accuracy (99 % on MNIST), as mean ±
     * half-width of the 95 % interval.
     *
     * @param plan the architecture plan's outcome
     * @return the table, text cells
     */
    public static Table architectureTable(PlanResult plan) {
        double upper = thresholds(plan).upper();
        String upperLabel = AccuracyThresholds.columnLabel(upper);
        Table t = Table.create("architecture", StringColumn.create("variant"), IntColumn.create("parameters"),
                IntColumn.create("n"), StringColumn.create("test acc. (%)"), StringColumn.create("gap (pp)"),
                StringColumn.create(upperLabel));
        for (String label : plan.configurations()) {
            List<RunResult> runs = plan.runs(label);
            if (runs.isEmpty()) {
                continue;
            }
            t.stringColumn("variant").append(label);
            t.intColumn("parameters").append((int) runs.get(0).config().model().parameterCount());
            t.intColumn("n").append(runs.size());
            t.stringColumn("test acc. (%)").append(IntervalText.meanInterval(summary(plan, label, "test_accuracy"), 100, 2));
            t.stringColumn("gap (pp)").append(IntervalText.meanInterval(summary(plan, label, "generalization_gap"), 100, 2));
            t.stringColumn(upperLabel).append(thresholdEpochs(plan, label, upper).describe());
        }
        return t;
    }

    /** @return the thresholds stated for the plan's dataset */
    public static AccuracyThresholds thresholds(PlanResult plan) {
        return AccuracyThresholds.of(plan.plan().dataset());
    }

    private static String thresholdColumn(double threshold) {
        return "epochs_to_" + AccuracyThresholds.percent(threshold);
    }

    private static void appendOrMissing(DoubleColumn c, double v) {
        if (Double.isNaN(v)) {
            c.appendMissing();
        } else {
            c.append(v);
        }
    }
}
