package org.mnistdynamics.train;

import java.util.List;

/** Receives progress of a training run (for progress bars and logs). All methods default to no-ops. */
public interface TrainingProgress {

    /** A progress receiver that ignores everything. */
    TrainingProgress NONE = new TrainingProgress() {
    };

    /**
     * @param runId   run id
     * @param epoch   1-based epoch starting
     * @param epochs  total epochs
     * @param batches mini-batches in this epoch
     */
    default void epochStarted(String runId, int epoch, int epochs, int batches) {
    }

    /**
     * @param batch 1-based mini-batch just trained
     * @param loss  its training loss
     */
    default void batchDone(int batch, double loss) {
    }

    /**
     * @param epoch   epoch completed (0 = initial evaluation)
     * @param metrics its metric rows
     */
    default void epochDone(int epoch, List<MetricRow> metrics) {
    }
}
