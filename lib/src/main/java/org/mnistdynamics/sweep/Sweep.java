package org.mnistdynamics.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sweep: the runs of some plans under a profile (configurations x seeds), each trained in its own process by an
 * executor against one runs folder. Runs already finished (in the runs folder, or as committed records) are skipped,
 * so submitting a sweep again runs only what is left.
 */
public final class Sweep {

    private Sweep() {
    }

    /**
     * @param tasks    all the sweep's tasks (from {@link SweepTask#expand})
     * @param command  how a task runs (which decides what counts as finished)
     * @param executor local workers or Slurm
     * @param out      where the summary goes
     * @return one outcome per task, in task order
     * @throws IOException if the executor cannot work, or a committed record is damaged
     */
    public static List<TaskOutcome> run(List<SweepTask> tasks, TaskCommand command, SweepExecutor executor, PrintStream out)
            throws IOException, InterruptedException {
        List<SweepTask> pending = new ArrayList<>();
        List<TaskOutcome> outcomes = new ArrayList<>();
        for (SweepTask t : tasks) {
            if (command.finished(t)) {
                outcomes.add(new TaskOutcome(t, "finished earlier", "", 0));
            } else {
                pending.add(t);
            }
        }
        out.printf(Locale.ROOT, "sweep: %d runs, %d finished earlier, %d to run%n", tasks.size(), tasks.size() - pending.size(),
                pending.size());
        if (!pending.isEmpty()) {
            outcomes.addAll(executor.run(pending));
        }
        List<TaskOutcome> ordered = new ArrayList<>();
        for (SweepTask t : tasks) {
            outcomes.stream().filter(o -> o.task().equals(t)).findFirst().ifPresent(ordered::add);
        }
        summarise(ordered, out);
        return ordered;
    }

    /** Prints one line per failed task and a count per state. */
    static void summarise(List<TaskOutcome> outcomes, PrintStream out) {
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        out.printf(Locale.ROOT, "%nsweep summary: %d completed, %d finished earlier, %d failed%n",
                outcomes.stream().filter(o -> o.state().equals("completed")).count(),
                outcomes.stream().filter(o -> o.state().equals("finished earlier")).count(), failed);
        for (TaskOutcome o : outcomes) {
            if (!o.ok()) {
                out.printf("  %s %s (%s): %s%n", o.state().toUpperCase(Locale.ROOT), o.task().describe(), o.task().runId(),
                        o.message());
            }
        }
    }
}
