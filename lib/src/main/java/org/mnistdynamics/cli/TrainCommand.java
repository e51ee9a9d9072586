package org.mnistdynamics.cli;

import org.mnistdynamics.cli.options.CommonOptions;
import org.mnistdynamics.experiment.Experiments;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.train.ScheduleSpec;
import org.mnistdynamics.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code train}: one run with explicit settings (defaults: the paper's baseline and Adam). */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train (or resume, or return) a single run.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--dataset", defaultValue = "mnist", description = "Dataset (default: ${DEFAULT-VALUE}).")
    String dataset;
    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, momentum, rmsprop or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;
    @Option(names = "--lr", description = "Initial learning rate (default: the paper's for the optimizer).")
    Double learningRate;
    @Option(names = "--schedule", defaultValue = "exponential", description = "none, step, exponential or cosine (default: ${DEFAULT-VALUE}).")
    String schedule;
    @Option(names = "--gamma", defaultValue = "0.95", description = "Decay factor for step/exponential (default: ${DEFAULT-VALUE}).")
    double gamma;
    @Option(names = "--step-epochs", defaultValue = "5", description = "Epochs between steps (default: ${DEFAULT-VALUE}).")
    int stepEpochs;
    @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--train-images", defaultValue = "55000", description = "Training images (default: ${DEFAULT-VALUE}).")
    int trainImages;
    @Option(names = "--eval-images", defaultValue = "10000", description = "Evaluation images per split, capped at the split's size: all 5,000 validation and 10,000 test images by default (${DEFAULT-VALUE}).")
    int evalImages;
    @Option(names = "--depth", defaultValue = "2", description = "Conv blocks 1..3 (default: ${DEFAULT-VALUE}).")
    int depth;
    @Option(names = "--width", defaultValue = "1.0", description = "Width multiplier (default: ${DEFAULT-VALUE}).")
    double width;
    @Option(names = "--kernel-size", defaultValue = "3", description = "Conv kernel size (default: ${DEFAULT-VALUE}).")
    int kernelSize;
    @Option(names = "--dropout", defaultValue = "0.5", description = "Probability of dropping a dense unit, [0, 1) (default: ${DEFAULT-VALUE}).")
    double dropout;
    @Option(names = "--seed", defaultValue = "42", description = "Master seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--config", description = "A plan run's configuration (JSON, as in a run's config.json, e.g. "
            + "written by 'sweep'); the run's record is then added to the results of --profile. Other run flags are ignored.")
    Path configFile;
    @Option(names = "--profile", description = "With --config: the profile whose results hold the record "
            + "(default: $MNIST_PROFILE, else full).")
    String profile;
    @Option(names = "--retrain", description = "Train even if a committed record of the run exists.")
    boolean retrain;

    @Override
    public Integer call() throws Exception {
        RunConfig config = configFile != null ? readConfig(configFile) : new RunConfig(dataset, new CnnSpec(depth, width, kernelSize, dropout),
                new OptimizerSpec(optimizer, learningRate == null ? OptimizerSpec.defaultLearningRate(optimizer) : learningRate,
                        new ScheduleSpec(schedule, gamma, stepEpochs)),
                batchSize, epochs, seed, trainImages, evalImages);
        org.mnistdynamics.sweep.TaskCommand.exitWithParent();
        Profile p = configFile != null ? Profile.fromFlagOrEnvironment(profile) : Profile.FULL;
        Experiments experiments = new Experiments(common.paths(), p, CnnSpec.RuntimeOptions.DEFAULT, retrain);
        boolean recorded = RunDirectory.of(experiments.paths().runs(), config).status().map(RunStatus::completed).orElse(false);
        long t0 = System.nanoTime();
        ProgressBars progress = new ProgressBars(System.err);
        RunResult r = configFile != null ? experiments.runAndRecord(config, progress) : experiments.run(config, progress);
        System.out.printf(Locale.ROOT, "run %s (%s): validation accuracy %.4f, test accuracy %.4f, %s%n",
                config.runId(), r.dir().path(), r.finalValue("validation", "accuracy"), r.finalValue("test", "accuracy"),
                recorded ? "finished earlier, not trained again" : String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9));
        return 0;
    }

    /** @throws IllegalArgumentException naming the file if it is missing or not a valid configuration */
    private static RunConfig readConfig(Path file) {
        try {
            RunConfig config = Json.read(file, RunConfig.class);
            if (!config.current()) {
                throw new IllegalArgumentException(file + ": numerics version " + config.numerics() + " is stale (current "
                        + RunConfig.NUMERICS + ")");
            }
            return config;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(file + ": not a readable run configuration: " + e.getMessage(), e);
        }
    }
}
