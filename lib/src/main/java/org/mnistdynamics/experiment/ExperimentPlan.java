package org.mnistdynamics.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
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
 * @param seed        master seed for all its runs
 * @param epochs      epochs under the full profile
 * @param batchSize   mini-batch size
 * @param model       default model of its runs
 * @param runs        the runs, each with a label and overrides
 */
public record ExperimentPlan(String name, String description, String dataset, long seed, int epochs, int batchSize,
                             CnnSpec model, List<PlanRun> runs) {

    /**
     * One run of a plan.
     *
     * @param label     label in figures and tables, e.g. "Adam"
     * @param optimizer optimizer (defaults: the paper's learning rate and the default schedule)
     * @param model     model override, or null for the plan's model
     */
    public record PlanRun(@JsonProperty("label") String label, @JsonProperty("optimizer") OptimizerSpec optimizer,
                          @JsonProperty("model") CnnSpec model) {
        /** JSON creator. */
        @JsonCreator
        public PlanRun {
        }
    }

    /** A resolved run: its label and its full configuration. */
    public record ResolvedRun(String label, RunConfig config) {
    }

    /** JSON/YAML creator with defaults: seed 42, epochs 20, batch size 128, baseline model. */
    @JsonCreator
    public ExperimentPlan(@JsonProperty("name") String name, @JsonProperty("description") String description,
                          @JsonProperty("dataset") String dataset, @JsonProperty("seed") Long seed,
                          @JsonProperty("epochs") Integer epochs, @JsonProperty("batchSize") Integer batchSize,
                          @JsonProperty("model") CnnSpec model, @JsonProperty("runs") List<PlanRun> runs) {
        this(name, description == null ? "" : description, dataset == null ? "mnist" : dataset,
                seed == null ? 42L : seed, epochs == null ? RunConfig.PAPER_EPOCHS : epochs,
                batchSize == null ? RunConfig.PAPER_BATCH_SIZE : batchSize,
                model == null ? CnnSpec.BASELINE : model, runs == null ? List.of() : List.copyOf(runs));
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
     * @return the plan's runs with their configurations under that profile
     * @throws IllegalArgumentException naming the run and the bad value
     */
    public List<ResolvedRun> resolve(Profile profile) {
        List<ResolvedRun> out = new ArrayList<>();
        for (PlanRun run : runs) {
            if (run.optimizer() == null) {
                throw new IllegalArgumentException("run '" + run.label() + "' has no optimizer");
            }
            try {
                out.add(new ResolvedRun(run.label(), new RunConfig(dataset, run.model() == null ? model : run.model(),
                        run.optimizer(), batchSize, profile.epochs(epochs), seed, profile.trainImages(),
                        profile.evalImages())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("run '" + run.label() + "': " + e.getMessage(), e);
            }
        }
        return out;
    }
}
