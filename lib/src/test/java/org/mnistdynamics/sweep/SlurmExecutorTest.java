package org.mnistdynamics.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.cli.Main;
import org.mnistdynamics.experiment.ExperimentPlan;
import org.mnistdynamics.experiment.ProjectPaths;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.testing.TestData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Slurm executor without a Slurm cluster: the job-array script's text (and what it runs, executed with bash),
 * the parsing of {@code --mem} and {@code --time}, the checks made before anything is submitted (with fake
 * {@code sinfo}/{@code sbatch} scripts on a private PATH), and the mapping of each task's Slurm end state to its run.
 * The real cluster is {@code org.mnistdynamics.faults.SlurmClusterTest}.
 */
class SlurmExecutorTest {

    @TempDir
    Path tmp;

    /** The smoke profile's runs of the optimizers plan: 4 configurations x 2 seeds. */
    private static List<SweepTask> smokeTasks() throws IOException {
        ExperimentPlan optimizers = ExperimentPlan.read(TestData.projectRoot().resolve("experiments/optimizers.yaml"));
        return SweepTask.expand(List.of(optimizers), Profile.SMOKE);
    }

    private TaskCommand command(Path root) {
        return new TaskCommand(new ProjectPaths(root), Profile.SMOKE, false);
    }

    private static SlurmExecutor executor(TaskCommand command, SlurmResources resources, SlurmCommands slurm) {
        return new SlurmExecutor(command, resources, slurm, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 100);
    }

    @Test
    void batchScriptHasTheArrayWithThrottleTheResourcesAndOneCasePerRun() throws IOException {
        List<SweepTask> tasks = smokeTasks();
        assertEquals(8, tasks.size());
        Path root = tmp.resolve("project");
        SlurmResources res = SlurmResources.of("debug", null, "3G", "1-12", 2, 1);
        String script = executor(command(root), res, SlurmCommands.onPath("")).batchScript(tasks, "debug",
                List.of("/usr/bin/java", "-Xmx6g", "-cp", "/lib/a.jar:/lib/b.jar", "org.mnistdynamics.cli.Main"));
        List<String> lines = script.lines().toList();
        assertEquals("#!/bin/bash", lines.get(0));
        List<String> sbatch = lines.stream().filter(l -> l.startsWith("#SBATCH")).toList();
        assertEquals(List.of("#SBATCH --job-name=mnist-smoke", "#SBATCH --array=0-7%2", "#SBATCH --cpus-per-task=1",
                "#SBATCH --mem=3072M", "#SBATCH --time=1-12:00:00", "#SBATCH --partition=debug",
                "#SBATCH --output=" + root.resolve("runs/sweep") + "/slurm-%A_%a.out"), sbatch);
        assertTrue(lines.contains("export MNIST_RUNS_DIR='" + root.resolve("runs") + "'"), script);
        assertTrue(lines.contains("export OMP_NUM_THREADS=1"), script);
        assertTrue(lines.contains("export OPENBLAS_NUM_THREADS=1"), script);
        assertTrue(lines.contains("PROGRAM=( '/usr/bin/java' '-Xmx6g' '-cp' '/lib/a.jar:/lib/b.jar' 'org.mnistdynamics.cli.Main' )"), script);
        SweepTask third = tasks.get(3);
        assertEquals("optimizers: Adam, seed 42", third.describe());
        assertTrue(lines.contains("  3) RUN='" + third.runId() + "'; ARGS=( 'train' '--config' '" + root.resolve("runs/sweep/"
                + third.runId() + ".json") + "' '--profile' 'smoke' '--project-dir' '" + root + "' ) ;; # optimizers: Adam, seed 42"), script);
        assertEquals(8, lines.stream().filter(l -> l.matches("  \\d\\) RUN=.*")).count());

        // Without a throttle every task may run at once; without a partition the cluster's default is used.
        String all = executor(command(root), SlurmResources.of(null, 2, "2500", "90", null, 2), SlurmCommands.onPath(""))
                .batchScript(tasks.subList(0, 3), null, List.of("java"));
        assertTrue(all.contains("\n#SBATCH --array=0-2%3\n#SBATCH --cpus-per-task=2\n#SBATCH --mem=2500M\n#SBATCH --time=01:30:00\n"), all);
        assertFalse(all.contains("--partition"), all);
        assertTrue(all.contains("\nexport OMP_NUM_THREADS=2\n"), all);
        // A throttle above the number of tasks is cut to it.
        assertTrue(executor(command(root), SlurmResources.of(null, null, null, null, 50, 1), SlurmCommands.onPath(""))
                .batchScript(tasks.subList(0, 2), null, List.of("java")).contains("\n#SBATCH --array=0-1%2\n"));
    }

    @Test
    void arrayTaskRunsItsRunsTrainCommandWithTheSharedRunsFolder() throws Exception {
        List<SweepTask> tasks = smokeTasks();
        Path root = tmp.resolve("it's a project"); // a quote and a space in every path
        TaskCommand command = command(root);
        Files.createDirectories(command.folder());
        SlurmExecutor ex = executor(command, SlurmResources.of(null, null, null, null, 2, 1), SlurmCommands.onPath(""));
        // The "program" prints what the task would run, so bash executes the script as a Slurm array task would.
        String script = ex.batchScript(tasks, null, List.of("/bin/sh", "-c",
                "echo \"runs=$MNIST_RUNS_DIR omp=$OMP_NUM_THREADS pwd=$(pwd) args=$*\"", "sh"));
        Path file = tmp.resolve("job.sh");
        Files.writeString(file, script);
        for (int index : new int[]{0, 5}) {
            ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
            pb.environment().put("SLURM_ARRAY_TASK_ID", String.valueOf(index));
            pb.environment().put("SLURM_ARRAY_JOB_ID", "42");
            Process p = pb.start();
            String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), printed);
            SweepTask t = tasks.get(index);
            String log = Files.readString(command.logFile(t));
            assertTrue(log.startsWith("slurm task 42_" + index + " on "), log);
            assertTrue(log.contains("runs=" + root.resolve("runs") + " omp=1 pwd=" + root + " args=train --config "
                    + command.configFile(t) + " --profile smoke --project-dir " + root + "\n"), log);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
        pb.environment().put("SLURM_ARRAY_TASK_ID", "8");
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertEquals("array task 8 is not one of 0..7\n", printed);
    }

    @Test
    void memoryAndTimeAreReadInSbatchSyntaxAndBadValuesAreNamed() {
        assertEquals(3072, SlurmResources.parseMemory("3G"));
        assertEquals(2500, SlurmResources.parseMemory("2500"));
        assertEquals(2500, SlurmResources.parseMemory("2500m"));
        assertEquals(1, SlurmResources.parseMemory("100K"));
        assertEquals(2L << 20, SlurmResources.parseMemory("2T"));
        assertEquals("--mem = '2.5G' is not a memory size: expected a whole number with an optional unit K, M, G or T "
                + "(no unit = M), e.g. 3G or 2500M", assertThrows(IllegalArgumentException.class, () -> SlurmResources.parseMemory("2.5G")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlurmResources.parseMemory("-1G")).getMessage()
                .startsWith("--mem = '-1G' is not a memory size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlurmResources.parseMemory("3GB")).getMessage()
                .startsWith("--mem = '3GB' is not a memory size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlurmResources.parseMemory("0")).getMessage()
                .startsWith("--mem = '0' is zero; a task needs at least 1M"));

        assertEquals(Duration.ofMinutes(90), SlurmResources.parseTime("90"));
        assertEquals(Duration.ofSeconds(150), SlurmResources.parseTime("2:30"));
        assertEquals(Duration.ofHours(2), SlurmResources.parseTime("2:00:00"));
        assertEquals(Duration.ofHours(36), SlurmResources.parseTime("1-12"));
        assertEquals(Duration.ofHours(24).plusMinutes(5), SlurmResources.parseTime("1-0:05"));
        assertEquals(Duration.ofHours(49).plusSeconds(7), SlurmResources.parseTime("2-01:00:07"));
        assertEquals("1-12:00:00", SlurmResources.of(null, null, null, "36:00:00", null, 1).slurmTime());
        assertEquals("02:00:00", SlurmResources.of(null, null, null, null, null, 1).slurmTime());
        assertEquals("--time = '2h' is not a Slurm time limit: expected minutes, minutes:seconds, hours:minutes:seconds, "
                        + "days-hours, days-hours:minutes or days-hours:minutes:seconds, e.g. 2:00:00 or 1-12",
                assertThrows(IllegalArgumentException.class, () -> SlurmResources.parseTime("2h")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlurmResources.parseTime("1:60:00")).getMessage()
                .startsWith("--time = '1:60:00': minutes and seconds after the first field must be 0..59"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlurmResources.parseTime("1-24")).getMessage()
                .startsWith("--time = '1-24': hours after days must be 0..23"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlurmResources.parseTime("0:30")).getMessage()
                .startsWith("--time = '0:30' is less than 1 minute"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlurmResources.parseTime("")).getMessage()
                .startsWith("--time = '' is not a Slurm time limit"));

        assertEquals("--cpus-per-task = 1 is less than the runs' 2 threads; give each task at least as many CPUs as threads",
                assertThrows(IllegalArgumentException.class, () -> SlurmResources.of(null, 1, null, null, null, 2)).getMessage());
        assertEquals("--cpus-per-task = 0 is outside the allowed range 1..1024",
                assertThrows(IllegalArgumentException.class, () -> SlurmResources.of(null, 0, null, null, null, 1)).getMessage());
        assertEquals("--workers = 0 (array tasks at once) is outside the allowed range 1..100000",
                assertThrows(IllegalArgumentException.class, () -> SlurmResources.of(null, null, null, null, 0, 1)).getMessage());
        assertEquals("--threads = 0 is outside the allowed range 1..256",
                assertThrows(IllegalArgumentException.class, () -> SlurmResources.of(null, null, null, null, null, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlurmResources.of("a b", null, null, null, null, 1))
                .getMessage().startsWith("--partition = 'a b' is not a partition name"));
    }

    /** Writes an executable shell script {@code name} into {@code bin}. */
    private static void fake(Path bin, String name, String body) throws IOException {
        Files.createDirectories(bin);
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A fake cluster: partitions debug (default; 2 CPUs, 24,105 MB, no limit) and gpu (8 CPUs, 64,000 MB, 2 days). */
    private Path fakeCluster(String sinfoBody) throws IOException {
        Path bin = tmp.resolve("bin");
        fake(bin, "sinfo", sinfoBody);
        fake(bin, "sbatch", "echo \"$@\" > " + tmp.resolve("sbatch.args") + "; echo '77;cluster'");
        fake(bin, "squeue", "exit 0");
        fake(bin, "scontrol", "cat " + tmp.resolve("scontrol.out"));
        return bin;
    }

    private static final String SINFO = "printf 'debug*|2|24105|infinite\\ngpu|8|64000|2-00:00:00\\n'";

    @Test
    void missingCommandsUnknownPartitionsAndResourcesThatDoNotFitAreRefusedBeforeSubmitting() throws Exception {
        TaskCommand command = command(tmp.resolve("project"));
        SlurmResources ok = SlurmResources.of(null, null, null, null, null, 1);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals("--executor slurm: sbatch, squeue, scontrol, sinfo not found on PATH (" + empty + "); the Slurm executor "
                        + "needs the Slurm client commands (sbatch, squeue, scontrol, sinfo; Debian package slurm-client) on a machine "
                        + "that can submit to the cluster, or use --executor local (bash scripts/slurm-local.sh start runs a one-node "
                        + "Slurm on this machine)",
                assertThrows(IllegalArgumentException.class, () -> executor(command, ok, SlurmCommands.onPath(empty.toString())).check())
                        .getMessage());
        Path bin = fakeCluster(SINFO);
        SlurmCommands slurm = SlurmCommands.onPath(bin.toString());
        assertEquals("debug", executor(command, ok, slurm).check());
        assertEquals("gpu", executor(command, SlurmResources.of("gpu", 8, "64000M", "2-00:00:00", null, 1), slurm).check());
        Map<String, String> refused = Map.of(
                "--partition = 'long' is not a partition of this cluster; sinfo lists: debug, gpu",
                "long|null|null|null",
                "--cpus-per-task = 4 is more than a node of partition 'debug' has (2 CPUs, sinfo)", "null|4|null|null",
                "--mem = 65536M is more than a node of partition 'gpu' has (64000M, sinfo)", "gpu|null|64G|null",
                "--time = 2-00:00:01 is longer than partition 'gpu' allows (2-00:00:00, sinfo)", "gpu|null|null|2-0:0:1");
        for (var e : refused.entrySet()) {
            String[] f = e.getValue().split("\\|");
            SlurmResources r = SlurmResources.of(f[0].equals("null") ? null : f[0], f[1].equals("null") ? null : Integer.valueOf(f[1]),
                    f[2].equals("null") ? null : f[2], f[3].equals("null") ? null : f[3], null, 1);
            assertEquals(e.getKey(), assertThrows(IllegalArgumentException.class, () -> executor(command, r, slurm).check()).getMessage());
        }
        // A controller that does not answer, and a cluster without a default partition.
        Files.delete(bin.resolve("sinfo"));
        fake(bin, "sinfo", "echo 'sinfo: error: Unable to contact slurm controller (connect failure)' >&2; exit 1");
        assertEquals("--executor slurm: 'sinfo' failed (exit 1): sinfo: error: Unable to contact slurm controller (connect failure); "
                + "is the Slurm controller running and reachable (scontrol ping)?", assertThrows(IllegalArgumentException.class,
                () -> executor(command, ok, slurm).check()).getMessage());
        Files.delete(bin.resolve("sinfo"));
        fake(bin, "sinfo", "printf 'gpu|8+|64000+|2-00:00:00\\n'");
        assertEquals("--partition is needed: the cluster has no default partition; sinfo lists: gpu",
                assertThrows(IllegalArgumentException.class, () -> executor(command, ok, slurm).check()).getMessage());
        // "8+": nodes differ, so there is no upper bound to check; sbatch decides.
        assertEquals("gpu", executor(command, SlurmResources.of("gpu", 16, "100G", null, null, 1), slurm).check());
        assertFalse(Files.exists(tmp.resolve("sbatch.args")), "nothing may be submitted by a check");
    }

    @Test
    void eachTasksSlurmEndMapsToItsOwnRunOnly() throws Exception {
        List<SweepTask> tasks = smokeTasks().subList(0, 5);
        Path root = tmp.resolve("project");
        TaskCommand command = command(root);
        Path bin = fakeCluster(SINFO);
        // As 'scontrol -o show job 77' prints ended array tasks (Slurm 22.05), abridged.
        Files.writeString(tmp.resolve("scontrol.out"), String.join("\n",
                "JobId=78 ArrayJobId=77 ArrayTaskId=0 JobName=mnist-smoke JobState=COMPLETED Reason=None ExitCode=0:0",
                "JobId=79 ArrayJobId=77 ArrayTaskId=1 JobName=mnist-smoke JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0",
                "JobId=80 ArrayJobId=77 ArrayTaskId=2 JobName=mnist-smoke JobState=CANCELLED Reason=None ExitCode=0:15",
                "JobId=81 ArrayJobId=77 ArrayTaskId=3 JobName=mnist-smoke JobState=TIMEOUT Reason=TimeLimit ExitCode=0:0",
                "JobId=77 ArrayJobId=77 ArrayTaskId=4 JobName=mnist-smoke JobState=OUT_OF_MEMORY Reason=OutOfMemory ExitCode=0:125", ""));
        Files.createDirectories(command.folder());
        Files.writeString(command.logFile(tasks.get(1)), "training...\nerror: run sgd-x diverged at epoch 1, mini-batch 3\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SlurmExecutor ex = new SlurmExecutor(command, SlurmResources.of(null, null, "3G", "2:00:00", 2, 1),
                SlurmCommands.onPath(bin.toString()), new PrintStream(printed, true, StandardCharsets.UTF_8), 100);
        List<TaskOutcome> outcomes = ex.run(tasks);

        assertEquals("--parsable " + command.folder().toAbsolutePath() + "/" + scriptName(command.folder()) + "\n",
                Files.readString(tmp.resolve("sbatch.args")));
        assertEquals(List.of("failed", "failed", "cancelled", "failed", "failed"), outcomes.stream().map(TaskOutcome::state).toList());
        assertEquals(tasks, outcomes.stream().map(TaskOutcome::task).toList());
        assertEquals("the Slurm task completed but the run is not started: (no log: " + command.logFile(tasks.get(0)) + ")",
                outcomes.get(0).message());
        assertEquals("Slurm state FAILED, exit code 1:0: error: run sgd-x diverged at epoch 1, mini-batch 3", outcomes.get(1).message());
        assertEquals("Slurm task cancelled (scancel, or the cluster); submit the sweep again to resume the run from its last "
                + "checkpoint", outcomes.get(2).message());
        assertEquals("Slurm state TIMEOUT: the task reached --time=02:00:00; submit the sweep again to resume the run from its "
                + "last checkpoint (or raise --time)", outcomes.get(3).message());
        assertEquals("Slurm state OUT_OF_MEMORY: the task exceeded --mem=3072M; raise --mem; submit the sweep again to resume "
                + "the run from its last checkpoint", outcomes.get(4).message());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("submitted Slurm job 77 to partition debug: 5 array tasks (2 at once), 1 CPU, 3072M, 02:00:00 each"), text);
        assertTrue(text.contains("[slurm 77_2] CANCELLED optimizers: RMSProp, seed 42 (" + tasks.get(2).runId() + ")"), text);
    }

    private static String scriptName(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<String> scripts = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("slurm-") && n.endsWith(".sh")).toList();
            assertEquals(1, scripts.size(), scripts.toString());
            return scripts.get(0);
        }
    }

    @Test
    void commandLineRejectsBadSlurmValuesWithExitCode2() throws IOException {
        Path root = TestData.projectRoot();
        String[][] cases = {
                {"--executor", "slurm", "--mem", "2.5G"}, {"--executor", "slurm", "--time", "1:60:00"},
                {"--executor", "slurm", "--threads", "2", "--cpus-per-task", "1"}, {"--executor", "slurm", "--workers", "0"},
                {"--executor", "local", "--mem", "3G", "--partition", "debug"}, {"--executor", "pbs"}};
        String[] expected = {"error: --mem = '2.5G' is not a memory size", "error: --time = '1:60:00': minutes and seconds",
                "error: --cpus-per-task = 1 is less than the runs' 2 threads", "error: --workers = 0 (array tasks at once) must be at least 1",
                "error: --partition, --mem only apply to --executor slurm", "error: --executor = 'pbs' is not one of [local, slurm]"};
        for (int i = 0; i < cases.length; i++) {
            StringWriter err = new StringWriter();
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err));
            List<String> args = new java.util.ArrayList<>(List.of("sweep", "--project-dir", root.toString(), "--plan", "optimizers",
                    "--profile", "smoke"));
            args.addAll(List.of(cases[i]));
            assertEquals(2, cl.execute(args.toArray(String[]::new)), err.toString());
            assertTrue(err.toString().startsWith(expected[i]), err.toString());
        }
    }
}
