package org.mnistdynamics.experiment;

import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.Provenance;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.Json;
import tech.tablesaw.api.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
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
 * mixed in. The run's analysis tables are kept beside the record ({@link #analysisFolder}).
 *
 * @param root the records folder, e.g. {@code results/runs}
 */
public record RunRecords(Path root) {

    /** Files a record keeps, in the order they are copied (status last: a record without it is incomplete). */
    private static final String[] FILES = {"config.json", "metrics.csv", "provenance.json", "status.json"};

    /** The one metric that measures the machine rather than the network: seconds of wall time per epoch. */
    private static final String TIMING_METRIC = "epoch_seconds";

    private static final Logger log = LoggerFactory.getLogger(RunRecords.class);

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
     * The folder of a run's analysis tables ({@link org.mnistdynamics.analysis.RunAnalysis},
     * {@link org.mnistdynamics.analysis.LayerAnalysis}): {@code <record>/analysis/}. They are computed once from the
     * checkpoints and kept beside the record, so that a clone without checkpoints rebuilds the article from them.
     *
     * @param config the run
     * @return the folder (it may not exist)
     */
    public Path analysisFolder(RunConfig config) {
        return directory(config).path().resolve("analysis");
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
     * Copies a completed run's record (not its checkpoints) into this store. An existing record with a clean
     * provenance whose measurements equal the run's in everything but wall-clock time is kept as it is: an analysis
     * that retrains a recorded run for its checkpoints reproduces it (training is deterministic) and must not rewrite
     * the committed timings. Any other existing record is replaced, with a warning if its measurements differ.
     *
     * @param run a completed run
     * @return true if the record was written, false if an equal record was kept
     * @throws IOException naming the file that could not be copied
     * @throws IllegalArgumentException if the run is not completed
     */
    public boolean save(RunResult run) throws IOException {
        if (!run.status().completed()) {
            throw new IllegalArgumentException("run " + run.config().runId() + " is " + run.status().state()
                    + "; only completed runs are recorded");
        }
        RunDirectory target = directory(run.config());
        if (target.path().equals(run.dir().path())) {
            return false;
        }
        if (Files.exists(target.statusFile()) && Files.exists(target.metricsFile())) {
            boolean sameMeasurements = measurements(target.metricsFile()).equals(measurements(run.dir().metricsFile()));
            boolean clean = target.provenance().map(p -> Provenance.isCleanCommit(p.gitCommit())).orElse(false);
            if (sameMeasurements && clean) {
                return false;
            }
            if (!sameMeasurements) {
                log.warn("record {} is replaced by a run of the same configuration whose measurements differ "
                        + "(training should be deterministic; compare the two runs' provenance)", target.path());
            }
        }
        Files.createDirectories(target.path());
        Files.deleteIfExists(target.statusFile());
        for (String name : FILES) {
            AtomicFiles.write(target.path().resolve(name), Files.readAllBytes(run.dir().path().resolve(name)));
        }
        return true;
    }

    /** Metrics file lines without the run id and the wall-clock rows: what a deterministic retrain reproduces. */
    private static List<String> measurements(Path metricsFile) throws IOException {
        return Files.readAllLines(metricsFile).stream()
                .filter(line -> !line.contains("," + TIMING_METRIC + ","))
                .map(line -> line.substring(line.indexOf(',') + 1))
                .toList();
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
