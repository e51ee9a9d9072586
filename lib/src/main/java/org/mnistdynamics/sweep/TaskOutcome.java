package org.mnistdynamics.sweep;

/**
 * What became of one sweep task.
 *
 * @param task    the task
 * @param state   {@code completed}, {@code finished earlier} (skipped), {@code failed} or {@code cancelled}
 * @param message why it failed (the end of its log), or empty
 * @param seconds wall time of its process, seconds (0 when skipped)
 */
public record TaskOutcome(SweepTask task, String state, String message, double seconds) {

    /** @return true unless the task failed or was cancelled */
    public boolean ok() {
        return state.equals("completed") || state.equals("finished earlier");
    }
}
