package org.mnistdynamics.train;

import org.slf4j.LoggerFactory;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A finished (or failed) run as recorded on disk.
 *
 * @param config  its configuration
 * @param dir     its directory
 * @param metrics its long-format metrics
 * @param status  its status
 */
public record RunResult(RunConfig config, RunDirectory dir, Table metrics, RunStatus status) {

    /**
     * Reads a recorded run. {@code metrics.csv} is checked against the checkpoint manifests (which record each epoch's
     * rows beside a checksummed checkpoint); a damaged file (unreadable, other columns or types, missing or altered
     * rows) is reported with its path and what was expected, and rebuilt from the manifests when they cover every
     * epoch of the run.
     *
     * @param config the run's configuration
     * @param dir    its directory
     * @return the record
     * @throws IOException naming {@code metrics.csv} if it is damaged and the manifests cannot replace it (the file is
     *                     then left as it is), or if a manifest or the rebuilt file cannot be read or written
     */
    public static RunResult load(RunConfig config, RunDirectory dir) throws IOException {
        RunStatus status = dir.status().orElse(new RunStatus("unknown", 0, ""));
        List<CheckpointStore.Manifest> chain = dir.checkpoints().validChain();
        List<MetricRow> recorded = new ArrayList<>();
        chain.forEach(m -> recorded.addAll(m.metrics()));
        // A completed (or unknown) run must have a manifest for every epoch before they can stand in for the file.
        int epochs = java.util.Set.of("running", "failed", "interrupted").contains(status.state()) ? status.epochsCompleted()
                : config.epochs();
        boolean rebuildable = !chain.isEmpty() && chain.size() >= epochs + 1;
        Table metrics;
        try {
            metrics = MetricsTable.read(dir.metricsFile());
            if (rebuildable) {
                checkAgainstManifests(dir.metricsFile(), MetricsTable.rows(metrics), recorded);
            }
        } catch (IOException e) {
            if (!rebuildable) {
                throw new IOException(e.getMessage() + "; it cannot be rebuilt: the valid checkpoint manifests cover "
                        + (chain.isEmpty() ? "no epoch" : "epochs 0.." + (chain.size() - 1)) + " of " + epochs
                        + " (the file is left as it is)", e);
            }
            LoggerFactory.getLogger(RunResult.class).warn("{}; rebuilding it from the checkpoint manifests", e.getMessage());
            metrics = MetricsTable.of(config.runId(), recorded);
            MetricsTable.write(metrics, dir.metricsFile());
        }
        return new RunResult(config, dir, metrics, status);
    }

    /** Rows that parse but differ from the manifests (a truncated file, an altered digit) are damage too. */
    private static void checkAgainstManifests(Path file, List<MetricRow> rows, List<MetricRow> recorded) throws IOException {
        for (int i = 0; i < Math.min(rows.size(), recorded.size()); i++) {
            if (!rows.get(i).equals(recorded.get(i))) {
                throw new IOException(file + ": data row " + (i + 1) + " is " + rows.get(i) + ", expected " + recorded.get(i)
                        + " as recorded in the checkpoint manifest of epoch " + recorded.get(i).epoch());
            }
        }
        if (rows.size() != recorded.size()) {
            throw new IOException(file + ": " + rows.size() + " data rows, expected " + recorded.size()
                    + " as recorded in the checkpoint manifests");
        }
    }

    /**
     * @param split  train, validation or test
     * @param metric loss or accuracy
     * @return the value at the last recorded epoch
     * @throws IllegalStateException if absent
     */
    public double finalValue(String split, String metric) {
        int last = metrics.rowCount() == 0 ? 0 : (int) metrics.intColumn("epoch").max();
        for (var row : metrics) {
            if (row.getInt("epoch") == last && row.getString("split").equals(split) && row.getString("metric").equals(metric)) {
                return row.getDouble("value");
            }
        }
        throw new IllegalStateException("run " + config.runId() + " has no " + split + " " + metric + " at epoch " + last);
    }
}
