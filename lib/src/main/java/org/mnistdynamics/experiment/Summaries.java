package org.mnistdynamics.experiment;

import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.OptionalInt;

/** Tables that summarise a plan's runs (the paper's Tables 1 and architecture), computed from their metrics. */
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

    /**
     * One row per completed run: label, initial learning rate, learning-rate schedule, final train/validation/test accuracy (fractions), test loss, epochs to 98 %
     * and 99 % validation accuracy (empty when never reached), training minutes.
     *
     * @param plan a plan's outcome
     * @return the table
     */
    public static Table optimizerTable(PlanResult plan) {
        Table t = Table.create("optimizers", StringColumn.create("run"), DoubleColumn.create("learning_rate"),
                StringColumn.create("schedule"), DoubleColumn.create("train_accuracy"),
                DoubleColumn.create("validation_accuracy"), DoubleColumn.create("test_accuracy"),
                DoubleColumn.create("test_loss"), IntColumn.create("epochs_to_98"), IntColumn.create("epochs_to_99"),
                DoubleColumn.create("minutes"));
        for (PlanResult.Outcome o : plan.runs()) {
            if (o.result().isEmpty()) {
                continue;
            }
            RunResult r = o.result().get();
            t.stringColumn("run").append(o.label());
            t.doubleColumn("learning_rate").append(r.config().optimizer().learningRate());
            t.stringColumn("schedule").append(r.config().optimizer().schedule().describe());
            t.doubleColumn("train_accuracy").append(r.finalValue("train", "accuracy"));
            t.doubleColumn("validation_accuracy").append(r.finalValue("validation", "accuracy"));
            t.doubleColumn("test_accuracy").append(r.finalValue("test", "accuracy"));
            t.doubleColumn("test_loss").append(r.finalValue("test", "loss"));
            appendOptional(t.intColumn("epochs_to_98"), epochsTo(r, 0.98));
            appendOptional(t.intColumn("epochs_to_99"), epochsTo(r, 0.99));
            t.doubleColumn("minutes").append(trainingMinutes(r));
        }
        return t;
    }

    /**
     * One row per completed run: label, depth, width, drop probability, parameters, final train and validation
     * accuracy, their gap (train − validation, a measure of over-fitting), test accuracy, epochs to 99 %.
     *
     * @param plan a plan's outcome
     * @return the table
     */
    public static Table architectureTable(PlanResult plan) {
        Table t = Table.create("architecture", StringColumn.create("run"), IntColumn.create("depth"),
                DoubleColumn.create("width"), DoubleColumn.create("dropout"), IntColumn.create("parameters"),
                DoubleColumn.create("train_accuracy"), DoubleColumn.create("validation_accuracy"),
                DoubleColumn.create("generalization_gap"), DoubleColumn.create("test_accuracy"),
                IntColumn.create("epochs_to_99"));
        for (PlanResult.Outcome o : plan.runs()) {
            if (o.result().isEmpty()) {
                continue;
            }
            RunResult r = o.result().get();
            RunConfig c = r.config();
            t.stringColumn("run").append(o.label());
            t.intColumn("depth").append(c.model().depth());
            t.doubleColumn("width").append(c.model().width());
            t.doubleColumn("dropout").append(c.model().dropout());
            t.intColumn("parameters").append((int) c.model().parameterCount());
            double train = r.finalValue("train", "accuracy");
            double validation = r.finalValue("validation", "accuracy");
            t.doubleColumn("train_accuracy").append(train);
            t.doubleColumn("validation_accuracy").append(validation);
            t.doubleColumn("generalization_gap").append(train - validation);
            t.doubleColumn("test_accuracy").append(r.finalValue("test", "accuracy"));
            appendOptional(t.intColumn("epochs_to_99"), epochsTo(r, 0.99));
        }
        return t;
    }

    private static void appendOptional(IntColumn column, OptionalInt value) {
        if (value.isPresent()) {
            column.append(value.getAsInt());
        } else {
            column.appendMissing();
        }
    }
}
