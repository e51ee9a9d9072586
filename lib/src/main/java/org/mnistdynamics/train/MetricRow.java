package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One long-format metric value.
 *
 * @param runId  run id
 * @param seed   master seed of the run
 * @param epoch  epoch (0 = initial weights, before any update)
 * @param split  {@code train}, {@code validation} or {@code test}
 * @param metric {@code loss} (mean cross-entropy, nats), {@code accuracy} (fraction in [0, 1]),
 *               {@code learning_rate}, or {@code epoch_seconds} (wall time of the epoch incl. evaluation, seconds)
 * @param value  the value
 */
public record MetricRow(@JsonProperty("runId") String runId, @JsonProperty("seed") long seed,
                        @JsonProperty("epoch") int epoch, @JsonProperty("split") String split,
                        @JsonProperty("metric") String metric, @JsonProperty("value") double value) {

    /** JSON creator (explicit for records' Jackson support). */
    @JsonCreator
    public MetricRow {
    }
}
