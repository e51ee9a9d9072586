package org.mnistdynamics.sweep;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.util.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a sweep as one Slurm job array: one array task per unfinished run, each the library's
 * {@code train --config F --profile P} ({@link TaskCommand}) against the shared runs folder ({@code MNIST_RUNS_DIR},
 * exported to every task as an absolute path), with {@link SlurmResources} per task and at most
 * {@link SlurmResources#throttle()} tasks at once ({@code --array=0-K%M}).
 *
 * <p>Before anything is submitted, {@link #check()} verifies that the Slurm client commands are on {@code PATH},
 * that the controller answers ({@code sinfo}), that the partition exists and that cpus, memory and time fit its
 * nodes and time limit; each failure is an {@link IllegalArgumentException} naming the flag and value. The script
 * goes to {@code runs/sweep/slurm-<time>.sh} and is submitted with {@code sbatch --parsable}; the executor then
 * follows the job ({@code squeue} while tasks are queued or running; {@code sacct} for their end state, or, where the
 * cluster has no accounting database and {@code sacct} cannot answer, {@code scontrol show job}), prints each task's
 * state changes and maps each task's end to its own run only: a task that fails, is cancelled or runs out of time
 * or memory makes that run's outcome {@code failed} or {@code cancelled}; the others go on. Submitting the sweep
 * again submits only the runs that are not finished, which resume from their last checkpoint; the run lock
 * ({@code run.lock}) keeps two tasks (of two submissions) off one run.
 *
 * <p>Interrupting the sweep command stops following, not the job: its tasks go on under Slurm ({@code squeue -j J},
 * {@code scancel J}).
 */
public final class SlurmExecutor implements SweepExecutor {

    /** How often the job is polled by default, milliseconds. */
    public static final long DEFAULT_POLL_MILLIS = 5_000;

    /** Consecutive polls a task may be missing from both the queue and the job records before its run decides. */
    private static final int MISSES_BEFORE_RUN_STATUS = 3;

    /** Give up following after the controller has not answered for this long, milliseconds. */
    private static final long CONTROLLER_PATIENCE_MILLIS = 10 * 60_000;

    private static final Pattern TASK_ID = Pattern.compile("(\\d+)_(\\d+)");
    private static final Pattern JOB_ID = Pattern.compile("\\d+");
    private static final Set<String> ACTIVE = Set.of("PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED",
            "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD");

    private final TaskCommand command;
    private final SlurmResources resources;
    private final SlurmCommands slurm;
    private final PrintStream out;
    private final long pollMillis;

    /**
     * @param command    how a task runs (the runs folder, profile, retrain flag)
     * @param resources  per-task resources and throttle
     * @param slurm      the Slurm client commands ({@link SlurmCommands#fromEnvironment()})
     * @param out        where submission, state changes and progress go
     * @param pollMillis how often to poll the job, milliseconds (at least 100)
     */
    public SlurmExecutor(TaskCommand command, SlurmResources resources, SlurmCommands slurm, PrintStream out, long pollMillis) {
        if (pollMillis < 100) {
            throw new IllegalArgumentException("poll interval " + pollMillis + " ms is below 100 ms");
        }
        this.command = command;
        this.resources = resources;
        this.slurm = slurm;
        this.out = out;
        this.pollMillis = pollMillis;
    }

    /** A partition as {@code sinfo} reports it (the largest node where nodes differ). */
    record Partition(String name, boolean isDefault, Integer cpus, Long memoryMib, java.time.Duration timeLimit) {
    }

    /**
     * Checks everything that can be checked before submitting.
     *
     * @return the partition the tasks go to (the requested one, or the cluster's default)
     * @throws IllegalArgumentException naming what is missing or which flag does not fit the cluster: Slurm commands
     *                                  not on {@code PATH}, no answer from {@code sinfo}, unknown partition, more
     *                                  CPUs or memory than a node of the partition has, more time than its limit
     */
    public String check() throws IOException, InterruptedException {
        slurm.requireAll();
        SlurmCommands.Result r = slurm.run("sinfo", "-h", "-o", "%P|%c|%m|%l");
        if (!r.ok()) {
            throw new IllegalArgumentException("--executor slurm: 'sinfo' failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip() + "; is the Slurm controller running and reachable (scontrol ping)?");
        }
        Map<String, Partition> partitions = parsePartitions(r.stdout());
        String known = String.join(", ", partitions.keySet());
        Partition p;
        if (resources.partition() != null) {
            p = partitions.get(resources.partition());
            if (p == null) {
                throw new IllegalArgumentException("--partition = '" + resources.partition() + "' is not a partition of this "
                        + "cluster; sinfo lists: " + (known.isEmpty() ? "none" : known));
            }
        } else {
            p = partitions.values().stream().filter(Partition::isDefault).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("--partition is needed: the cluster has no default partition; sinfo lists: "
                            + (known.isEmpty() ? "none" : known)));
        }
        if (p.cpus() != null && resources.cpusPerTask() > p.cpus()) {
            throw new IllegalArgumentException("--cpus-per-task = " + resources.cpusPerTask() + " is more than a node of partition '"
                    + p.name() + "' has (" + p.cpus() + " CPUs, sinfo)");
        }
        if (p.memoryMib() != null && resources.memoryMib() > p.memoryMib()) {
            throw new IllegalArgumentException("--mem = " + resources.slurmMemory() + " is more than a node of partition '"
                    + p.name() + "' has (" + p.memoryMib() + "M, sinfo)");
        }
        if (p.timeLimit() != null && resources.time().compareTo(p.timeLimit()) > 0) {
            throw new IllegalArgumentException("--time = " + resources.slurmTime() + " is longer than partition '" + p.name()
                    + "' allows (" + SlurmResources.slurmTime(p.timeLimit()) + ", sinfo)");
        }
        return p.name();
    }

    /** Parses {@code sinfo -h -o "%P|%c|%m|%l"}: partition (default marked {@code *}), CPUs, memory MB, time limit. */
    static Map<String, Partition> parsePartitions(String sinfo) {
        Map<String, Partition> out = new LinkedHashMap<>();
        for (String line : sinfo.split("\n")) {
            String[] f = line.strip().split("\\|");
            if (f.length < 4 || f[0].isEmpty()) {
                continue;
            }
            boolean def = f[0].endsWith("*");
            String name = def ? f[0].substring(0, f[0].length() - 1) : f[0];
            Integer cpus = f[1].matches("\\d+") ? Integer.valueOf(f[1]) : null; // "2+": nodes differ, no upper bound known
            Long mem = f[2].matches("\\d+") ? Long.valueOf(f[2]) : null;
            java.time.Duration limit = null;
            try {
                if (!f[3].matches("(?i)infinite|unlimited|n/a")) {
                    limit = SlurmResources.parseTime(f[3]);
                }
            } catch (IllegalArgumentException e) {
                limit = null; // a form we do not know: leave the check to sbatch
            }
            Partition prev = out.get(name);
            if (prev != null) { // several lines for one partition (nodes differ): keep the largest
                cpus = prev.cpus() == null || cpus == null ? null : Math.max(prev.cpus(), cpus);
                mem = prev.memoryMib() == null || mem == null ? null : Math.max(prev.memoryMib(), mem);
                def = def || prev.isDefault();
            }
            out.put(name, new Partition(name, def, cpus, mem, limit));
        }
        return out;
    }

    /**
     * The job-array batch script for {@code tasks}: array index i runs {@code tasks.get(i)}.
     *
     * @param tasks     the tasks (at least one)
     * @param partition partition for {@code #SBATCH --partition}, or null for none (the cluster's default)
     * @return the script's text
     */
    public String batchScript(List<SweepTask> tasks, String partition) {
        return batchScript(tasks, partition, TaskCommand.javaProgram());
    }

    /** As {@link #batchScript(List, String)} with the task's program (java, its options, class path, main class) given. */
    String batchScript(List<SweepTask> tasks, String partition, List<String> program) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a job array needs at least one task");
        }
        int last = tasks.size() - 1;
        int throttle = resources.throttle() != null ? Math.min(resources.throttle(), tasks.size()) : tasks.size();
        Path runs = command.paths().runs().toAbsolutePath().normalize();
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Written by 'mnist-dynamics sweep --executor slurm' (org.mnistdynamics.sweep.SlurmExecutor):\n");
        s.append("# one array task per unfinished run of the sweep; each runs the library's 'train --config F --profile P'.\n");
        s.append("#SBATCH --job-name=mnist-").append(command.profile().id()).append('\n');
        s.append("#SBATCH --array=0-").append(last).append('%').append(throttle).append('\n');
        s.append("#SBATCH --cpus-per-task=").append(resources.cpusPerTask()).append('\n');
        s.append("#SBATCH --mem=").append(resources.slurmMemory()).append('\n');
        s.append("#SBATCH --time=").append(resources.slurmTime()).append('\n');
        if (partition != null) {
            s.append("#SBATCH --partition=").append(partition).append('\n');
        }
        s.append("#SBATCH --output=").append(command.folder().toAbsolutePath().normalize()).append("/slurm-%A_%a.out\n");
        s.append("set -euo pipefail\n");
        s.append("export ").append(org.mnistdynamics.experiment.ProjectPaths.RUNS_ENV).append('=').append(quote(runs.toString())).append('\n');
        TaskCommand.threadEnvironment(resources.threads()).forEach((k, v) -> s.append("export ").append(k).append('=').append(v).append('\n'));
        // Tasks may share a node: never inherit the launcher's pinned OpenMP threads (TrainingThreads.PINNED_ENVIRONMENT).
        s.append("unset ").append(String.join(" ", new java.util.TreeSet<>(org.mnistdynamics.train.TrainingThreads.PINNED_ENVIRONMENT.keySet()))).append('\n');
        s.append("unset ").append(TaskCommand.PARENT_ENV).append(" || true\n");
        s.append("cd ").append(quote(command.paths().root().toAbsolutePath().toString())).append('\n');
        s.append("PROGRAM=(");
        program.forEach(a -> s.append(' ').append(quote(a)));
        s.append(" )\n");
        s.append("case \"${SLURM_ARRAY_TASK_ID:?not a Slurm array task}\" in\n");
        for (int i = 0; i < tasks.size(); i++) {
            SweepTask t = tasks.get(i);
            s.append("  ").append(i).append(") RUN=").append(quote(t.runId())).append("; ARGS=(");
            command.arguments(t).forEach(a -> s.append(' ').append(quote(a)));
            s.append(" ) ;; # ").append(t.describe().replace('\n', ' ')).append('\n');
        }
        s.append("  *) echo \"array task $SLURM_ARRAY_TASK_ID is not one of 0..").append(last).append("\" >&2; exit 2 ;;\n");
        s.append("esac\n");
        s.append("exec >> ").append(quote(command.folder().toAbsolutePath().normalize().toString())).append("/\"$RUN.log\" 2>&1\n");
        s.append("echo \"slurm task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname): run $RUN\"\n");
        s.append("exec \"${PROGRAM[@]}\" \"${ARGS[@]}\"\n");
        return s.toString();
    }

    /** @return {@code text} single-quoted for bash */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    @Override
    public List<TaskOutcome> run(List<SweepTask> tasks) throws IOException, InterruptedException {
        if (tasks.isEmpty()) {
            return List.of();
        }
        String partition = check();
        Files.createDirectories(command.folder());
        for (SweepTask t : tasks) {
            command.writeConfig(t);
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT));
        Path script = command.folder().resolve("slurm-" + stamp + ".sh").toAbsolutePath();
        AtomicFiles.write(script, batchScript(tasks, resources.partition() != null ? partition : null).getBytes(StandardCharsets.UTF_8));
        SlurmCommands.Result r = slurm.run("sbatch", "--parsable", script.toString());
        String jobId = r.stdout().strip().split(";")[0];
        if (!r.ok() || !JOB_ID.matcher(jobId).matches()) {
            throw new IOException("sbatch --parsable " + script + " failed (exit " + r.exitCode() + "): "
                    + (r.stderr().strip() + " " + r.stdout().strip()).strip());
        }
        out.printf(Locale.ROOT, "submitted Slurm job %s to partition %s: %d array tasks (%s at once), %s CPU, %s, %s each; "
                        + "script %s, logs %s/<run-id>.log; follow with 'squeue -j %s', cancel with 'scancel %s'%n", jobId, partition,
                tasks.size(), resources.throttle() == null ? "all" : String.valueOf(Math.min(resources.throttle(), tasks.size())),
                resources.cpusPerTask(), resources.slurmMemory(), resources.slurmTime(), script, command.folder(), jobId, jobId);
        return follow(jobId, tasks);
    }

    /** A task's end as Slurm records it. */
    record Final(String state, String exitCode) {
    }

    /**
     * Follows a submitted job array until every task has ended.
     *
     * @param jobId the array's job id
     * @param tasks the tasks, by array index
     * @return one outcome per task, in order
     * @throws IOException if the controller stops answering for {@value #CONTROLLER_PATIENCE_MILLIS} ms
     */
    List<TaskOutcome> follow(String jobId, List<SweepTask> tasks) throws IOException, InterruptedException {
        int n = tasks.size();
        TaskOutcome[] done = new TaskOutcome[n];
        String[] seen = new String[n];
        long[] started = new long[n];
        int[] misses = new int[n];
        int finished = 0;
        long lastAnswer = System.currentTimeMillis();
        long totalEpochs = tasks.stream().mapToLong(t -> t.config().epochs()).sum();
        Thread notice = new Thread(() -> out.printf(Locale.ROOT, "%nstopped following Slurm job %s; its tasks go on under Slurm "
                + "('squeue -j %s', 'scancel %s')%n", jobId, jobId, jobId), "slurm-follow-notice");
        Runtime.getRuntime().addShutdownHook(notice);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("slurm job " + jobId).setInitialMax(totalEpochs)
                .setUnit(" epochs", 1).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out, System.console() != null ? -1 : 160))
                .build()) {
            while (finished < n) {
                Optional<Map<Integer, String>> queue = queued(jobId);
                if (queue.isEmpty()) {
                    if (System.currentTimeMillis() - lastAnswer > CONTROLLER_PATIENCE_MILLIS) {
                        throw new IOException("squeue has not answered for " + CONTROLLER_PATIENCE_MILLIS / 60_000
                                + " min; Slurm job " + jobId + " may still run ('squeue -j " + jobId + "')");
                    }
                    Thread.sleep(pollMillis);
                    continue;
                }
                lastAnswer = System.currentTimeMillis();
                Map<Integer, Final> finals = null;
                for (int i = 0; i < n; i++) {
                    if (done[i] != null) {
                        continue;
                    }
                    String state = queue.get().get(i);
                    if (state == null) {
                        if (finals == null) {
                            finals = ended(jobId);
                        }
                        Final f = finals.get(i);
                        if (f != null && !ACTIVE.contains(f.state())) {
                            done[i] = outcome(tasks.get(i), f, started[i] == 0 ? 0 : (System.nanoTime() - started[i]) / 1e9);
                        } else if (f == null && ++misses[i] >= MISSES_BEFORE_RUN_STATUS) {
                            done[i] = outcomeFromRun(jobId + "_" + i, tasks.get(i));
                        } else if (f != null) {
                            state = f.state();
                        }
                    }
                    if (done[i] != null) {
                        finished++;
                        bar.stepBy(0);
                        report(jobId, i, done[i].state().toUpperCase(Locale.ROOT), tasks.get(i),
                                done[i].ok() ? String.format(Locale.ROOT, " after %.0f s", done[i].seconds()) : " - " + done[i].message());
                    } else if (state != null && !state.equals(seen[i])) {
                        if (state.equals("RUNNING") && started[i] == 0) {
                            started[i] = System.nanoTime();
                        }
                        seen[i] = state;
                        report(jobId, i, state, tasks.get(i), "");
                    }
                }
                long epochs = 0;
                StringBuilder who = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    SweepTask t = tasks.get(i);
                    if (done[i] != null) {
                        epochs += t.config().epochs();
                    } else if ("RUNNING".equals(seen[i])) {
                        int e = command.status(t).map(RunStatus::epochsCompleted).orElse(0);
                        epochs += e;
                        who.append(String.format(Locale.ROOT, " [%d %s s%d e%d/%d]", i, t.label(), t.config().seed(), e, t.config().epochs()));
                    }
                }
                bar.stepTo(Math.min(epochs, totalEpochs));
                bar.setExtraMessage(who.toString());
                if (finished < n) {
                    Thread.sleep(pollMillis);
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(notice);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down: the notice prints
            }
        }
        return List.of(done);
    }

    private void report(String jobId, int index, String state, SweepTask task, String detail) {
        synchronized (out) {
            out.printf(Locale.ROOT, "%n[slurm %s_%d] %s %s (%s)%s%n", jobId, index, state, task.describe(), task.runId(), detail);
        }
    }

    /**
     * @return array index to state of the tasks still in the queue ({@code squeue}), or empty if squeue did not
     *         answer (a job the controller no longer knows at all is an empty queue)
     */
    private Optional<Map<Integer, String>> queued(String jobId) throws IOException, InterruptedException {
        SlurmCommands.Result r = slurm.run("squeue", "-h", "-r", "-j", jobId, "-o", "%i|%T");
        Map<Integer, String> q = new HashMap<>();
        if (!r.ok()) {
            return r.stderr().contains("Invalid job id") ? Optional.of(q) : Optional.empty();
        }
        for (String line : r.stdout().split("\n")) {
            String[] f = line.strip().split("\\|");
            Matcher m = TASK_ID.matcher(f[0]);
            if (f.length == 2 && m.matches() && m.group(1).equals(jobId)) {
                q.put(Integer.parseInt(m.group(2)), f[1].strip());
            }
        }
        return Optional.of(q);
    }

    /**
     * @return array index to end state of the job's tasks: from {@code sacct} where the cluster keeps accounting,
     *         else from {@code scontrol show job} (which knows ended jobs for the controller's MinJobAge)
     */
    Map<Integer, Final> ended(String jobId) throws IOException, InterruptedException {
        Map<Integer, Final> out = new HashMap<>();
        if (slurm.find("sacct").isPresent()) {
            SlurmCommands.Result r = slurm.run("sacct", "-n", "-P", "-X", "-j", jobId, "-o", "JobID,State,ExitCode");
            if (r.ok()) {
                for (String line : r.stdout().split("\n")) {
                    String[] f = line.strip().split("\\|");
                    Matcher m = TASK_ID.matcher(f[0]);
                    if (f.length == 3 && m.matches() && m.group(1).equals(jobId)) {
                        out.put(Integer.parseInt(m.group(2)), new Final(f[1].strip().split(" ")[0], f[2].strip()));
                    }
                }
                if (!out.isEmpty()) {
                    return out;
                }
            }
        }
        SlurmCommands.Result r = slurm.run("scontrol", "-o", "show", "job", jobId);
        if (r.ok()) {
            out.putAll(parseScontrol(r.stdout(), jobId));
        }
        return out;
    }

    /** Parses {@code scontrol -o show job J}: one line per array task with ArrayTaskId, JobState and ExitCode. */
    static Map<Integer, Final> parseScontrol(String text, String jobId) {
        Map<Integer, Final> out = new HashMap<>();
        Pattern array = Pattern.compile("\\bArrayJobId=(\\d+) ArrayTaskId=(\\d+)\\b");
        Pattern state = Pattern.compile("\\bJobState=(\\S+)");
        Pattern exit = Pattern.compile("\\bExitCode=(\\S+)");
        for (String line : text.split("\n")) {
            Matcher a = array.matcher(line);
            Matcher s = state.matcher(line);
            Matcher e = exit.matcher(line);
            if (a.find() && a.group(1).equals(jobId) && s.find()) {
                out.put(Integer.parseInt(a.group(2)), new Final(s.group(1), e.find() ? e.group(1) : "?"));
            }
        }
        return out;
    }

    /** Maps a task's Slurm end state to its run's outcome. */
    TaskOutcome outcome(SweepTask task, Final f, double seconds) throws IOException {
        String resume = "; submit the sweep again to resume the run from its last checkpoint";
        return switch (f.state()) {
            case "COMPLETED" -> {
                Optional<RunStatus> s = command.status(task);
                yield s.map(RunStatus::completed).orElse(false) ? new TaskOutcome(task, "completed", "", seconds)
                        : new TaskOutcome(task, "failed", "the Slurm task completed but the run is "
                        + s.map(RunStatus::state).orElse("not started") + ": " + LocalExecutor.tail(command, task), seconds);
            }
            case "CANCELLED" -> new TaskOutcome(task, "cancelled", "Slurm task cancelled (scancel, or the cluster)" + resume, seconds);
            case "TIMEOUT", "DEADLINE" -> new TaskOutcome(task, "failed", "Slurm state " + f.state() + ": the task reached --time="
                    + resources.slurmTime() + resume + " (or raise --time)", seconds);
            case "OUT_OF_MEMORY" -> new TaskOutcome(task, "failed", "Slurm state OUT_OF_MEMORY: the task exceeded --mem="
                    + resources.slurmMemory() + "; raise --mem" + resume, seconds);
            default -> new TaskOutcome(task, "failed", "Slurm state " + f.state() + ", exit code " + f.exitCode() + ": "
                    + LocalExecutor.tail(command, task), seconds);
        };
    }

    /** For a task that left the queue and that neither sacct nor scontrol knows: its run's status decides. */
    private TaskOutcome outcomeFromRun(String taskId, SweepTask task) throws IOException {
        Optional<RunStatus> s = command.status(task);
        if (s.map(RunStatus::completed).orElse(false)) {
            return new TaskOutcome(task, "completed", "", 0);
        }
        return new TaskOutcome(task, "failed", "Slurm no longer knows task " + taskId + " (no accounting, and the controller "
                + "forgot it) and the run is " + s.map(RunStatus::state).orElse("not started") + ": " + LocalExecutor.tail(command, task), 0);
    }
}
