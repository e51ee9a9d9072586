package org.mnistdynamics.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.TransferSpec;
import org.mnistdynamics.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment plan, read from {@code experiments/<name>.yaml}: which runs make which figure or table.
 *
 * @param name        plan name (= file name without extension)
 * @param description what the plan is for
 * @param dataset     registered dataset name
 * @param seeds       master seeds, distinct; every run of the plan is trained once per seed (one run = one
 *                    configuration and one seed); a profile uses the first {@link Profile#seeds()} of them
 * @param intervals   whether the plan's comparisons are reported with confidence intervals across seeds, which
 *                    needs at least 2 seeds (default true)
 * @param threads     threads per run (part of the numerics, see {@link RunConfig#threads()}); default 1
 * @param epochs      epochs under the full profile
 * @param batchSize   mini-batch size
 * @param model       default model of its runs
 * @param runs        the runs, each with a label and overrides
 */
public record ExperimentPlan(String name, String description, String dataset, List<Long> seeds, boolean intervals,
                             int threads, int epochs, int batchSize, CnnSpec model, List<PlanRun> runs) {

    /**
     * One run of a plan.
     *
     * @param label     label in figures and tables, e.g. "Adam"
     * @param optimizer optimizer (defaults: the paper's learning rate and the default schedule)
     * @param model     model override, or null for the plan's model
     * @param classes   labels to train and evaluate on ({@link RunConfig#classes()}), or null for all ten
     * @param transfer  how the run starts from an earlier run of the plan, or null to train from scratch
     */
    public record PlanRun(@JsonProperty("label") String label, @JsonProperty("optimizer") OptimizerSpec optimizer,
                          @JsonProperty("model") CnnSpec model, @JsonProperty("classes") List<Integer> classes,
                          @JsonProperty("transfer") PlanTransfer transfer) {
        /** JSON creator. */
        @JsonCreator
        public PlanRun {
        }

        /** A run on all classes, trained from scratch. */
        public PlanRun(String label, OptimizerSpec optimizer, CnnSpec model) {
            this(label, optimizer, model, null, null);
        }
    }

    /**
     * A transfer run's start in plan terms ({@link org.mnistdynamics.train.TransferSpec}).
     *
     * @param base   label of the base run, an earlier run of the same plan; its run with the same seed is the base
     * @param cut    1 .. depth + 1 (after block n; depth + 1 = after the dense layer)
     * @param frozen copied layers frozen (true) or fine-tuned (false)
     */
    public record PlanTransfer(@JsonProperty("base") String base, @JsonProperty("cut") int cut,
                               @JsonProperty("frozen") boolean frozen) {
        /** JSON creator. */
        @JsonCreator
        public PlanTransfer {
        }
    }

    /**
     * A resolved run: one configuration with one seed.
     *
     * @param label  the configuration's label (the same for all its seeds)
     * @param config its full configuration, seed included
     */
    public record ResolvedRun(String label, RunConfig config) {
        /** @return the run's seed */
        public long seed() {
            return config.seed();
        }
    }

    /** Validates the seeds: at least one, distinct; at least 2 when intervals are asked for. */
    public ExperimentPlan {
        if (seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("field 'seeds' is missing or empty; give a list such as [42, 43, 44, 45, 46]");
        }
        if (new java.util.HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("field 'seeds' = " + seeds + " repeats a seed; every seed must be distinct");
        }
        if (intervals && seeds.size() < 2) {
            throw new IllegalArgumentException("field 'seeds' = " + seeds + " has fewer than 2 seeds, but a confidence "
                    + "interval across seeds needs at least 2 (or set 'intervals: false')");
        }
        seeds = List.copyOf(seeds);
        runs = List.copyOf(runs);
    }

    /**
     * JSON/YAML creator with defaults: epochs 20, batch size 128, baseline model, intervals on.
     *
     * @throws IllegalArgumentException naming the field: {@code seeds} missing, not a list of integers, repeated, or
     *                                  too short; the retired single {@code seed} field
     */
    @JsonCreator
    public static ExperimentPlan fromYaml(@JsonProperty("name") String name, @JsonProperty("description") String description,
                                          @JsonProperty("dataset") String dataset, @JsonProperty("seed") Object seed,
                                          @JsonProperty("seeds") Object seeds, @JsonProperty("intervals") Boolean intervals,
                                          @JsonProperty("threads") Integer threads,
                                          @JsonProperty("epochs") Integer epochs, @JsonProperty("batchSize") Integer batchSize,
                                          @JsonProperty("model") CnnSpec model, @JsonProperty("runs") List<PlanRun> runs) {
        if (seed != null) {
            throw new IllegalArgumentException("field 'seed' (one seed) was replaced by 'seeds' (a list, e.g. seeds: ["
                    + seed + ", 43, 44, 45, 46]); every run is trained once per seed");
        }
        return new ExperimentPlan(name, description == null ? "" : description, dataset == null ? "mnist" : dataset,
                integerSeeds(seeds), intervals == null || intervals, threads == null ? RunConfig.DEFAULT_THREADS : threads,
                epochs == null ? RunConfig.PAPER_EPOCHS : epochs, batchSize == null ? RunConfig.PAPER_BATCH_SIZE : batchSize,
                model == null ? CnnSpec.BASELINE : model, runs == null ? List.of() : runs);
    }

    /** @return the seeds as longs; YAML numbers with a fraction, strings and nested values are refused */
    private static List<Long> integerSeeds(Object seeds) {
        if (seeds == null) {
            return List.of();
        }
        if (!(seeds instanceof List<?> list)) {
            throw new IllegalArgumentException("field 'seeds' = " + seeds + " is not a list of integers");
        }
        List<Long> out = new ArrayList<>();
        for (Object s : list) {
            if (s instanceof Integer || s instanceof Long || s instanceof Short) {
                out.add(((Number) s).longValue());
            } else if (s instanceof java.math.BigInteger b && b.bitLength() < 64) {
                out.add(b.longValue());
            } else {
                throw new IllegalArgumentException("field 'seeds' = " + seeds + ": '" + s + "' is not an integer");
            }
        }
        return out;
    }

    /** @return a copy of this plan for another dataset (same seeds, runs and settings) */
    public ExperimentPlan onDataset(String otherDataset) {
        return new ExperimentPlan(name, description, otherDataset, seeds, intervals, threads, epochs, batchSize, model, runs);
    }

    /** @return a copy of this plan whose runs train with another thread count (other run ids) */
    public ExperimentPlan withThreads(int otherThreads) {
        return new ExperimentPlan(name, description, dataset, seeds, intervals, otherThreads, epochs, batchSize, model, runs);
    }

    /**
     * @param profile a profile
     * @return the seeds it runs: the first {@code min(profile.seeds(), seeds().size())}
     */
    public List<Long> seeds(Profile profile) {
        return seeds.subList(0, Math.min(profile.seeds(), seeds.size()));
    }

    /** @return "; plans there: a, b" listing the {@code .yaml} files of a folder, or "" if it has none */
    private static String plansIn(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return "";
        }
        try (var files = Files.list(folder)) {
            List<String> names = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml")).map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            return names.isEmpty() ? "" : "; plans there: " + String.join(", ", names);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Reads and validates a plan file. Every run is resolved once under the full profile so that a bad value is
     * reported before any training starts.
     *
     * @param file a YAML plan
     * @return the plan
     * @throws InvalidPlanException (an {@link IOException}) naming the file and the problem (unreadable, not YAML,
     *                              unknown field, bad value)
     */
    public static ExperimentPlan read(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidPlanException(file + ": experiment file does not exist or is not readable"
                    + plansIn(file.toAbsolutePath().getParent()));
        }
        ExperimentPlan plan;
        try {
            plan = Json.YAML.readValue(file.toFile(), ExperimentPlan.class);
        } catch (IOException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new InvalidPlanException(file + ": invalid experiment plan: "
                    + (cause instanceof IllegalArgumentException ? cause.getMessage() : e.getMessage()), e);
        }
        String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (plan.name() == null || !plan.name().equals(expected)) {
            throw new InvalidPlanException(file + ": plan name '" + plan.name() + "' must equal the file name '" + expected + "'");
        }
        if (plan.runs().isEmpty()) {
            throw new InvalidPlanException(file + ": plan declares no runs");
        }
        try {
            plan.resolve(Profile.FULL);
        } catch (IllegalArgumentException e) {
            throw new InvalidPlanException(file + ": " + e.getMessage(), e);
        }
        return plan;
    }

    /**
     * @param profile smoke, quick or full
     * @return the plan's runs under that profile: each configuration once per seed, configurations in plan order,
     *         seeds in plan order within each
     * @throws IllegalArgumentException naming the run and the bad value
     */
    public List<ResolvedRun> resolve(Profile profile) {
        List<ResolvedRun> out = new ArrayList<>();
        java.util.Map<String, java.util.Map<Long, RunConfig>> byLabel = new java.util.HashMap<>();
        for (PlanRun run : runs) {
            if (run.optimizer() == null) {
                throw new IllegalArgumentException("run '" + run.label() + "' has no optimizer");
            }
            if (run.label() == null || byLabel.containsKey(run.label())) {
                throw new IllegalArgumentException("run label '" + run.label() + "' is missing or repeated");
            }
            if (run.transfer() != null && !byLabel.containsKey(run.transfer().base())) {
                throw new IllegalArgumentException("run '" + run.label() + "': transfer base '" + run.transfer().base()
                        + "' is not an earlier run of the plan (runs so far: " + byLabel.keySet() + ")");
            }
            java.util.Map<Long, RunConfig> bySeed = new java.util.HashMap<>();
            for (long seed : seeds(profile)) {
                try {
                    TransferSpec transfer = run.transfer() == null ? null : new TransferSpec(
                            byLabel.get(run.transfer().base()).get(seed), run.transfer().cut(), run.transfer().frozen());
                    RunConfig config = new RunConfig(dataset, run.model() == null ? model : run.model(),
                            run.optimizer(), batchSize, profile.epochs(epochs), seed, profile.trainImages(),
                            profile.evalImages(), threads, RunConfig.NUMERICS, run.classes(), transfer);
                    bySeed.put(seed, config);
                    out.add(new ResolvedRun(run.label(), config));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("run '" + run.label() + "': " + e.getMessage(), e);
                }
            }
            byLabel.put(run.label(), bySeed);
        }
        return out;
    }
}
