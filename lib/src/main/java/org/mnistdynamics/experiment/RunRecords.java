package org.mnistdynamics.experiment;

import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.Json;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The committed records of finished runs: {@code <results>/runs/<dataset>/<run-id>/} with {@code config.json},
 * {@code metrics.csv}, {@code provenance.json} and {@code status.json} (no checkpoints). A complete record counts as
 * a finished run (unless the user asks to retrain), so work accumulates across machines and sittings; analyses that
 * need checkpoints retrain the run, which is deterministic.
 *
 * <p>A record is used only if its configuration equals the one asked for, numerics version included
 * ({@link RunConfig#NUMERICS} enters the run id), its status is completed after all the configuration's epochs, and its
 * metrics hold every epoch 0..E for the validation and test accuracy. Anything else is reported and ignored, never
 * mixed in.
 *
 * @param root the records folder, e.g. {@code results/runs}
 */
public record RunRecords(Path root) {

    /** Files a record keeps, in the order they are copied (status last: a record without it is incomplete). */
    private static final String[] FILES = {"config.json", "metrics.csv", "provenance.json", "status.json"};

    /**
     * @param paths   project folders
     * @param profile profile whose results folder holds the records
     * @return {@code results/runs} for the full profile, {@code runs/results-<profile>/runs} otherwise
     */
    public static RunRecords of(ProjectPaths paths, Profile profile) {
        return new RunRecords(paths.results(profile).resolve("runs"));
    }

    /** @return the record folder of a configuration (it may not exist) */
    public RunDirectory directory(RunConfig config) {
        return RunDirectory.of(root, config);
    }

    /**
     * @param config the run asked for
     * @return its complete committed record, if there is one
     * @throws IOException naming the file of a record that exists but is damaged or incomplete
     */
    public Optional<RunResult> find(RunConfig config) throws IOException {
        RunDirectory dir = directory(config);
        if (!Files.exists(dir.statusFile())) {
            return Optional.empty();
        }
        RunConfig recorded = Json.read(dir.configFile(), RunConfig.class);
        if (!recorded.equals(config)) {
            throw new IOException(dir.configFile() + " describes another configuration than run " + config.runId()
                    + ": " + Json.canonical(recorded));
        }
        RunStatus status = dir.status().orElseThrow();
        if (!status.completed() || status.epochsCompleted() != config.epochs()) {
            throw new IOException(dir.statusFile() + ": a record must be of a completed run of " + config.epochs()
                    + " epochs, found " + status);
        }
        Table metrics = MetricsTable.read(dir.metricsFile());
        checkComplete(dir.metricsFile(), metrics, config);
        return Optional.of(new RunResult(config, dir, metrics, status));
    }

    /**
     * Copies a completed run's record (not its checkpoints) into this store, replacing an older copy.
     *
     * @param run a completed run
     * @throws IOException naming the file that could not be copied
     * @throws IllegalArgumentException if the run is not completed
     */
    public void save(RunResult run) throws IOException {
        if (!run.status().completed()) {
            throw new IllegalArgumentException("run " + run.config().runId() + " is " + run.status().state()
                    + "; only completed runs are recorded");
        }
        RunDirectory target = directory(run.config());
        if (target.path().equals(run.dir().path())) {
            return;
        }
        Files.createDirectories(target.path());
        Files.deleteIfExists(target.statusFile());
        for (String name : FILES) {
            AtomicFiles.write(target.path().resolve(name), Files.readAllBytes(run.dir().path().resolve(name)));
        }
    }

    /** Every epoch 0..E must have validation and test accuracy: a truncated file is refused, not averaged. */
    private static void checkComplete(Path file, Table metrics, RunConfig config) throws IOException {
        Set<String> seen = new HashSet<>();
        for (Row r : metrics) {
            if (r.getString("metric").equals("accuracy")) {
                seen.add(r.getInt("epoch") + "/" + r.getString("split"));
            }
        }
        for (int e = 0; e <= config.epochs(); e++) {
            for (String split : new String[]{"validation", "test"}) {
                if (!seen.contains(e + "/" + split)) {
                    throw new IOException(file + ": record of run " + config.runId() + " has no " + split
                            + " accuracy for epoch " + e + " of " + config.epochs());
                }
            }
        }
    }
}
