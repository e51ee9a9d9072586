package org.mnistdynamics.cli;

import org.mnistdynamics.train.NativeBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point ({@code bin/mnist-dynamics}): {@code reproduce}, {@code train}, {@code fetch-data},
 * {@code bench}. Exit codes: 0 success, 1 a run failed, 2 bad arguments or configuration, 3 an I/O error.
 */
@Command(name = "mnist-dynamics", mixinStandardHelpOptions = true, version = "mnist-dynamics 1.0",
        description = "Neural Network Training Dynamics on MNIST: data, training runs and benchmarks.",
        subcommands = {ReproduceCommand.class, SweepCommand.class, TrainCommand.class, FetchDataCommand.class, AnalyzeCommand.class,
                LayersCommand.class,
                org.mnistdynamics.bench.BenchCommand.class})
public final class Main {

    private Main() {
    }

    /** @param args command-line arguments */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        NativeBackend.configure();
        System.exit(commandLine().execute(args));
    }

    /** @return the configured picocli command line (also used by tests) */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            if (e instanceof IllegalArgumentException || e instanceof org.mnistdynamics.experiment.InvalidPlanException) {
                return 2;
            }
            if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                return 3;
            }
            if (e instanceof org.mnistdynamics.train.TrainingFailedException) {
                return 1;
            }
            throw e;
        });
        return cl;
    }
}
