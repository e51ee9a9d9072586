package org.mnistdynamics.experiment;

import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.RunResult;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a plan under a profile: per run, its result or why it failed.
 *
 * @param plan    the plan
 * @param profile the profile
 * @param runs    per run, in plan order
 */
public record PlanResult(ExperimentPlan plan, Profile profile, List<Outcome> runs) {

    /**
     * @param label  run label (the configuration's; the same for all its seeds)
     * @param seed   the run's seed
     * @param runId  run id
     * @param result the recorded run, if it completed
     * @param error  why it failed, if it did
     */
    public record Outcome(String label, long seed, String runId, Optional<RunResult> result, Optional<String> error) {
    }

    /** @return the long-format metrics of all completed runs */
    public Table metrics() {
        Table all = MetricsTable.empty(plan.name());
        runs.forEach(o -> o.result().ifPresent(r -> all.append(r.metrics())));
        return all;
    }

    /** @return run id to label, for figures and tables */
    public Map<String, String> labels() {
        Map<String, String> out = new LinkedHashMap<>();
        runs.forEach(o -> out.put(o.runId(), o.label()));
        return out;
    }

    /**
     * @param label a run label
     * @return that configuration's run with the plan's first seed (the one the single-run analyses use)
     * @throws IllegalArgumentException if there is no such completed run
     */
    public RunResult run(String label) {
        return runs.stream().filter(o -> o.label().equals(label)).findFirst().flatMap(Outcome::result)
                .orElseThrow(() -> new IllegalArgumentException("plan " + plan.name() + " has no completed run '" + label
                        + "' with its first seed"));
    }

    /**
     * @param label a run label
     * @return that configuration's completed runs, one per seed, in seed order (failed seeds left out)
     */
    public List<RunResult> runs(String label) {
        return runs.stream().filter(o -> o.label().equals(label)).flatMap(o -> o.result().stream()).toList();
    }

    /** @return the configuration labels in plan order, each once */
    public List<String> configurations() {
        return runs.stream().map(Outcome::label).distinct().toList();
    }

    /** @return true if every run completed */
    public boolean allCompleted() {
        return runs.stream().allMatch(o -> o.result().isPresent());
    }
}
