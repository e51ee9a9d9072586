package org.mnistdynamics.experiment;

import org.mnistdynamics.train.RunResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * What a plan costs, from its runs' records: the wall time of every training epoch (training plus the evaluation of
 * {@code train_eval}, validation and test, as {@code epoch_seconds} records it), summed per run and per plan. The
 * records are timings of the machine and load they ran under (each run's {@code provenance.json} says where), so the
 * table states medians and totals, not a benchmark; {@code bin/mnist-dynamics bench} measures speed.
 */
public final class PlanCost {

    private PlanCost() {
    }

    /**
     * @param plans   plan results (any datasets); runs that did not finish are left out and counted in
     *                {@code runs_missing}
     * @param workers how many runs the sweep trains side by side (one per core: 2 on the project's machine)
     * @return one row per plan: dataset, plan, runs (finished), runs_missing, epochs (trained, summed over runs),
     *         epoch_seconds_median (median wall seconds of one epoch with its evaluation, over all epochs of the
     *         plan's finished runs), core_hours (sum of the runs' training wall time, hours), wall_hours_at_workers
     *         (core_hours / workers: the sweep's wall time if its runs packed the workers perfectly)
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public static Table of(List<PlanResult> plans, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers = " + workers + "; expected at least 1");
        }
        Table t = Table.create("plan-cost", StringColumn.create("dataset"), StringColumn.create("plan"),
                IntColumn.create("runs"), IntColumn.create("runs_missing"), IntColumn.create("epochs"),
                DoubleColumn.create("epoch_seconds_median"), DoubleColumn.create("core_hours"),
                DoubleColumn.create("wall_hours_at_workers"));
        for (PlanResult plan : plans) {
            List<Double> epochSeconds = new ArrayList<>();
            int finished = 0;
            for (PlanResult.Outcome o : plan.runs()) {
                if (o.result().isEmpty()) {
                    continue;
                }
                finished++;
                RunResult r = o.result().get();
                for (Row row : r.metrics()) {
                    if (row.getString("metric").equals("epoch_seconds")) {
                        epochSeconds.add(row.getDouble("value"));
                    }
                }
            }
            double total = epochSeconds.stream().mapToDouble(Double::doubleValue).sum();
            t.stringColumn("dataset").append(plan.plan().dataset());
            t.stringColumn("plan").append(plan.plan().name());
            t.intColumn("runs").append(finished);
            t.intColumn("runs_missing").append(plan.runs().size() - finished);
            t.intColumn("epochs").append(epochSeconds.size());
            t.doubleColumn("epoch_seconds_median").append(epochSeconds.isEmpty() ? Double.NaN
                    : DoubleColumn.create("s", epochSeconds.stream().mapToDouble(Double::doubleValue).toArray()).median());
            t.doubleColumn("core_hours").append(total / 3600);
            t.doubleColumn("wall_hours_at_workers").append(total / 3600 / workers);
        }
        return t;
    }
}
