package org.mnistdynamics.train;

import tech.tablesaw.api.Table;

import java.io.IOException;

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
     * Reads a recorded run. A damaged {@code metrics.csv} is reported and rebuilt from the checkpoint manifests.
     *
     * @param config the run's configuration
     * @param dir    its directory
     * @return the record
     * @throws IOException if neither the metrics file nor the manifests can be read
     */
    public static RunResult load(RunConfig config, RunDirectory dir) throws IOException {
        Table metrics;
        try {
            metrics = MetricsTable.read(dir.metricsFile());
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(RunResult.class).warn("{}; rebuilding it from the checkpoint manifests", e.getMessage());
            var rows = new java.util.ArrayList<MetricRow>();
            dir.checkpoints().validChain().forEach(m -> rows.addAll(m.metrics()));
            metrics = MetricsTable.of(config.runId(), rows);
            MetricsTable.write(metrics, dir.metricsFile());
        }
        return new RunResult(config, dir, metrics, dir.status().orElse(new RunStatus("unknown", 0, "")));
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
