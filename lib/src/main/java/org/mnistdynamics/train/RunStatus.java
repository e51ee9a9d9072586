package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The state of a run, kept in {@code <run>/status.json}.
 *
 * @param state           {@code running}, {@code completed}, {@code failed} or {@code interrupted} (stopped by a thread
 *                        interrupt, e.g. a notebook cell's; resumes when run again)
 * @param epochsCompleted epochs whose checkpoint is written
 * @param message         why a run failed or where it was interrupted (empty otherwise)
 */
public record RunStatus(@JsonProperty("state") String state, @JsonProperty("epochsCompleted") int epochsCompleted,
                        @JsonProperty("message") String message) {

    /** JSON creator. */
    @JsonCreator
    public RunStatus {
    }

    /** @return true if the run finished all its epochs */
    public boolean completed() {
        return "completed".equals(state);
    }
}
