package org.mnistdynamics.sweep;

import org.mnistdynamics.experiment.ExperimentPlan;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.train.RunConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a sweep: a plan's configuration with one seed.
 *
 * @param plan      plan name
 * @param label     the configuration's label in the plan
 * @param seedIndex position of the seed in the plan's seed list (0 = first)
 * @param config    the run's full configuration
 */
public record SweepTask(String plan, String label, int seedIndex, RunConfig config) {

    /** @return the run id */
    public String runId() {
        return config.runId();
    }

    /** @return e.g. {@code "optimizers: Adam, seed 43"} */
    public String describe() {
        return plan + ": " + label + ", seed " + config.seed();
    }

    /**
     * Expands plans into their runs, seed-major: every configuration of every plan with the first seed, then with
     * the second, and so on, so that an interrupted sweep leaves complete seeds (every comparison gets its n-th
     * seed at about the same time), not some configurations with all seeds and others with none.
     *
     * @param plans   the plans (already validated)
     * @param profile the profile
     * @return the runs, each once (a configuration shared by two plans is one run)
     * @throws IllegalArgumentException naming the run and the bad value
     */
    public static List<SweepTask> expand(List<ExperimentPlan> plans, Profile profile) {
        List<SweepTask> tasks = new ArrayList<>();
        for (ExperimentPlan plan : plans) {
            List<Long> seeds = plan.seeds(profile);
            for (ExperimentPlan.ResolvedRun run : plan.resolve(profile)) {
                tasks.add(new SweepTask(plan.name(), run.label(), seeds.indexOf(run.seed()), run.config()));
            }
        }
        List<SweepTask> ordered = new ArrayList<>(tasks);
        ordered.sort(Comparator.comparingInt(SweepTask::seedIndex)); // stable: plan and run order kept per seed
        Map<String, SweepTask> unique = new LinkedHashMap<>();
        ordered.forEach(t -> unique.putIfAbsent(t.runId(), t));
        return List.copyOf(unique.values());
    }
    /**
     * Keeps the runs of some of the plans' seeds, for a sweep finished over several sittings or machines without
     * editing a plan file (an edited plan would leave the runs' provenance "-dirty", which committed results refuse).
     *
     * @param tasks the expanded runs ({@link #expand})
     * @param seeds the seeds to keep; each must be one of the plans' seeds under the profile
     * @return the runs with those seeds, in the same order
     * @throws IllegalArgumentException naming a seed that no plan has under the profile, and the plans' seeds
     */
    public static List<SweepTask> onlySeeds(List<SweepTask> tasks, List<Long> seeds) {
        java.util.Set<Long> planned = new java.util.TreeSet<>();
        tasks.forEach(t -> planned.add(t.config().seed()));
        for (Long seed : seeds) {
            if (!planned.contains(seed)) {
                throw new IllegalArgumentException("--seeds: seed " + seed + " is not one of the plans' seeds under this profile "
                        + planned);
            }
        }
        return tasks.stream().filter(t -> seeds.contains(t.config().seed())).toList();
    }
}
