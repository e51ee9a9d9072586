package org.mnistdynamics.sweep;

import java.io.IOException;
import java.util.List;

/** Runs a sweep's tasks, each in its own process; a failed task never stops the others. */
public interface SweepExecutor {

    /**
     * @param tasks the tasks still to run (finished ones already left out), in the order to start them
     * @return one outcome per task, in the same order
     * @throws IOException if the executor itself cannot work (its failures name what and where); a task's own
     *                     failure is an outcome, not an exception
     */
    List<TaskOutcome> run(List<SweepTask> tasks) throws IOException, InterruptedException;
}
