package org.mnistdynamics.faults;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.cli.Main;
import org.mnistdynamics.experiment.ProjectPaths;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 7, item 4: a bad configuration gets an error naming the field, the value and the allowed range, with exit
 * code 2, before any training starts (no run folder appears). Through the {@code train} options and through plan
 * files of {@code reproduce}; the CLI runs in this JVM (picocli, same handler as {@code main}) and once in a child JVM
 * for the process exit status.
 */
class BadConfigurationTest {

    /** Bad configurations injected by this class (11 train options, 11 plan files and profiles), for the closing count. */
    static final int FAULTS = 22;

    @TempDir
    Path tmp;

    /** Result of one in-process CLI call. */
    record Outcome(int exitCode, String err, String out) {
    }

    private Outcome cli(List<String> args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute(args.toArray(String[]::new));
        return new Outcome(code, err.toString(), out.toString());
    }

    /** Asserts exit code 2, the expected message, and that nothing was trained. */
    private void assertRejected(FaultProject project, List<String> args, String... expected) throws IOException {
        Path runs = new ProjectPaths(project.root()).runs();
        List<String> before = listing(runs);
        Outcome o = cli(args);
        assertEquals(2, o.exitCode(), args + "\n" + o.err());
        for (String e : expected) {
            assertTrue(o.err().contains(e), args + ": expected '" + e + "' in\n" + o.err());
        }
        // No timing bound: on a loaded machine the first call's native-library load alone can take half a minute.
        assertEquals(before, listing(runs), args + ": a run folder was created, so training started");
        FaultTally.handled("bad configuration", String.join(" ", args.subList(3, args.size())) + " -> "
                + o.err().strip().lines().findFirst().orElse(""));
    }

    @AfterAll
    static void count() {
        FaultTally.print("bad configuration", FAULTS, "rejected (exit 2, field, value, range) before training");
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var walk = Files.walk(dir)) {
            return walk.map(Path::toString).sorted().toList();
        }
    }

    private List<String> train(FaultProject p, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--project-dir", p.root().toString(),
                "--train-images", "512", "--eval-images", "256", "--width", "0.25"));
        args.addAll(List.of(options));
        if (!args.contains("--epochs")) {
            args.addAll(List.of("--epochs", "1"));
        }
        return args;
    }

    @Test
    void badTrainOptionsAreRejectedWithFieldValueAndRange() throws IOException {
        FaultProject p = FaultProject.create(tmp.resolve("train"), false);
        assertRejected(p, train(p, "--lr", "0"), "optimizer.learningRate = 0.0 is outside the allowed range (0, 10]");
        assertRejected(p, train(p, "--lr", "-0.01"), "optimizer.learningRate = -0.01 is outside the allowed range (0, 10]");
        assertRejected(p, train(p, "--batch-size", "0"), "batchSize = 0 is outside the allowed range 1..512");
        assertRejected(p, train(p, "--batch-size", "513"), "batchSize = 513 is outside the allowed range 1..512 (the number of training images)");
        assertRejected(p, train(p, "--optimizer", "adamw"), "optimizer.name = 'adamw' is not one of [sgd, momentum, rmsprop, adam]");
        assertRejected(p, train(p, "--optimizer", "lbfgs", "--lr", "0.1"), "optimizer.name = 'lbfgs' is not one of [sgd, momentum, rmsprop, adam]");
        assertRejected(p, train(p, "--schedule", "linear"), "schedule.type = 'linear' is not one of [none, step, exponential, cosine]");
        assertRejected(p, train(p, "--dropout", "1"), "model.dropout = 1.0 is outside the allowed range [0, 1)");
        assertRejected(p, train(p, "--dropout", "-0.1"), "model.dropout = -0.1 is outside the allowed range [0, 1)");
        assertRejected(p, train(p, "--depth", "0"), "model.depth = 0 is outside the allowed range 1..3");
        assertRejected(p, train(p, "--epochs", "0"), "epochs = 0 is outside the allowed range 1..1000");
    }

    @Test
    void badPlanFilesAreRejectedBeforeAnyRunOfAnyPlanStarts() throws IOException {
        FaultProject p = FaultProject.create(tmp.resolve("plans"), false);
        Path experiments = p.root().resolve("experiments");
        String head = "name: %s\nseeds: [1, 2]\nruns:\n  - label: x\n";
        String run = "runs:\n  - label: x\n    optimizer: {name: adam}\n";
        Map<String, String[]> plans = new LinkedHashMap<>();
        plans.put("lr", new String[] {head + "    optimizer: {name: adam, learningRate: -0.5}\n",
                "optimizer.learningRate = -0.5 is outside the allowed range (0, 10]"});
        plans.put("batch", new String[] {"name: %s\nseeds: [1, 2]\nbatchSize: 0\nruns:\n  - label: x\n    optimizer: {name: adam}\n",
                "batchSize = 0 is outside the allowed range 1..55000"});
        plans.put("bigbatch", new String[] {"name: %s\nseeds: [1, 2]\nbatchSize: 60000\nruns:\n  - label: x\n    optimizer: {name: adam}\n",
                "batchSize = 60000 is outside the allowed range 1..55000"});
        plans.put("optimizer", new String[] {head + "    optimizer: {name: adagrad}\n", "optimizer.name = 'adagrad' is not one of"});
        plans.put("schedule", new String[] {head + "    optimizer: {name: sgd, schedule: {type: warmup}}\n",
                "schedule.type = 'warmup' is not one of [none, step, exponential, cosine]"});
        plans.put("dropout", new String[] {head + "    optimizer: {name: sgd}\n    model: {depth: 2, width: 1, kernelSize: 3, dropout: 1.0}\n",
                "model.dropout = 1.0 is outside the allowed range [0, 1)"});
        plans.put("depth", new String[] {head + "    optimizer: {name: sgd}\n    model: {depth: 0, width: 1, kernelSize: 3, dropout: 0.5}\n",
                "model.depth = 0 is outside the allowed range 1..3"});
        plans.put("dupseeds", new String[] {"name: %s\nseeds: [42, 43, 42]\n" + run,
                "field 'seeds' = [42, 43, 42] repeats a seed"});
        plans.put("fracseeds", new String[] {"name: %s\nseeds: [42, 1.5]\n" + run, "field 'seeds' = [42, 1.5]: '1.5' is not an integer"});
        plans.put("textseeds", new String[] {"name: %s\nseeds: [42, abc]\n" + run, "'abc' is not an integer"});
        plans.put("oneseed", new String[] {"name: %s\nseeds: [42]\n" + run,
                "field 'seeds' = [42] has fewer than 2 seeds, but a confidence interval across seeds needs at least 2"});
        plans.put("noseeds", new String[] {"name: %s\n" + run, "field 'seeds' is missing or empty"});
        plans.put("oldseed", new String[] {"name: %s\nseed: 42\n" + run, "field 'seed' (one seed) was replaced by 'seeds'"});
        plans.put("garbled", new String[] {"name: %s\nruns: [\n  - {label: x\n", "garbled.yaml: invalid experiment plan"});
        for (var e : plans.entrySet()) {
            Path file = experiments.resolve(e.getKey() + ".yaml");
            Files.writeString(file, e.getValue()[0].formatted(e.getKey()));
            // The good plan comes first: the bad one must be found before it trains.
            assertRejected(p, List.of("reproduce", "--project-dir", p.root().toString(), "--profile", "smoke", "--plan",
                    FaultProject.TINY_PLAN + "," + e.getKey()), file.toString(), e.getValue()[1]);
        }
        assertRejected(p, List.of("reproduce", "--project-dir", p.root().toString(), "--profile", "smoke", "--plan",
                FaultProject.TINY_PLAN + ",missing"), experiments.resolve("missing.yaml")
                + ": experiment file does not exist or is not readable");
        Files.createDirectories(experiments.resolve("folder.yaml"));
        assertRejected(p, List.of("reproduce", "--project-dir", p.root().toString(), "--profile", "smoke", "--plan",
                FaultProject.TINY_PLAN + ",folder"), experiments.resolve("folder.yaml") + ": experiment file does not exist or is not readable");
        assertRejected(p, List.of("reproduce", "--project-dir", p.root().toString(), "--profile", "tiny", "--plan",
                FaultProject.TINY_PLAN), "profile 'tiny' is not one of [smoke, quick, full]");
    }

    @Test
    void childProcessExitsWithStatus2AndTheMessage() throws Exception {
        FaultProject p = FaultProject.create(tmp.resolve("child"), false);
        ChildCli child = new ChildCli.Launch(p.logs(), "bad-lr", train(p, "--lr", "-1")).start();
        assertEquals(2, child.await(), child.describe());
        assertTrue(child.stderr().contains("error: optimizer.learningRate = -1.0 is outside the allowed range (0, 10]"),
                child.describe());
        assertFalse(Files.exists(p.runs()), "nothing trained");
    }
}
