package org.mnistdynamics.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.SerializationFeature;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.data.DatasetFetcher;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.experiment.ProjectPaths;
import org.mnistdynamics.train.InputLayout;
import org.mnistdynamics.train.NativeBackend;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunDirectory;
import org.mnistdynamics.train.Trainer;
import org.mnistdynamics.train.TrainingProgress;
import org.mnistdynamics.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Child process of {@code bench --profile}: where a real training run of one {@link SetUp} spends its time.
 *
 * <ol>
 *   <li>Runs the project's {@link Trainer} for one epoch of {@code trainImages} images (Adam, batch 128, seed 42)
 *       with evaluation on {@code evalImages} validation and test images and checkpoints, as in every epoch of a
 *       real run (plus the initial epoch-0 evaluation and checkpoint), under a Java Flight Recorder recording
 *       (execution and native-method samples of the training thread every 10 ms). Samples are attributed to a
 *       phase and layer kind by {@link StackPhase}.</li>
 *   <li>Times each layer's forward and backward pass with {@link LayerTimer} on {@code layerBatches} mini-batches.</li>
 * </ol>
 * Prints one line {@value #PREFIX}{@code <json>} ({@link Result}). Needs the JVM option
 * {@code -XX:FlightRecorderOptions:stackdepth=256} so that deep DL4J stacks keep their outer (phase) frames.
 */
@Command(name = "bench-profile-child", mixinStandardHelpOptions = true, description = "Profiles one training set-up (internal).")
public final class ProfileChild implements Callable<Integer> {

    /** Prefix of the result line on standard output. */
    public static final String PREFIX = "PROFILE-RESULT ";

    @Option(names = "--setup", required = true, description = "Set-up as JSON.")
    String setUpJson;
    @Option(names = "--train-images", defaultValue = "12800", description = "Training images of the profiled epoch.")
    int trainImages;
    @Option(names = "--eval-images", defaultValue = "10000", description = "Validation/test images evaluated per epoch.")
    int evalImages;
    @Option(names = "--layer-batches", defaultValue = "11", description = "Mini-batches for per-layer timing (first is warm-up).")
    int layerBatches;
    @Option(names = "--project-dir", required = true, description = "Project root (for data/).")
    Path projectDir;
    @Option(names = "--work-dir", required = true, description = "Empty folder for the run directory and the recording.")
    Path workDir;
    @Option(names = "--ops", description = "Instead: per-operation profile of single training steps (OpProfile.JavaSteps).")
    boolean ops;
    @Option(names = "--op-steps", defaultValue = "20", description = "Profiled training steps with --ops.")
    int opSteps;

    /**
     * What the profile found.
     *
     * @param setUp          the set-up
     * @param trainImages    images trained in the profiled epoch
     * @param evalImages     evaluation images per split and epoch
     * @param wallSeconds    wall time of the whole Trainer run (epoch 0 evaluation and checkpoint, 1 epoch), s
     * @param samples        training-thread samples per phase and layer kind
     * @param layers         per-layer forward and backward time per mini-batch
     * @param peakRssMiB     peak resident memory of the process (VmHWM), MiB
     */
    public record Result(@JsonProperty("setUp") SetUp setUp, @JsonProperty("trainImages") int trainImages,
                         @JsonProperty("evalImages") int evalImages, @JsonProperty("wallSeconds") double wallSeconds,
                         @JsonProperty("samples") Map<String, Map<String, Integer>> samples,
                         @JsonProperty("layers") List<LayerTimer.LayerTime> layers,
                         @JsonProperty("peakRssMiB") double peakRssMiB) {
    }

    /** @param args see the options */
    public static void main(String[] args) {
        NativeBackend.configure();
        System.exit(new CommandLine(new ProfileChild()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SetUp setUp = Json.JSON.readValue(setUpJson, SetUp.class);
        if (ops) {
            OpProfile.JavaSteps steps = OpProfile.profileJava(setUp, projectDir, layerBatches, opSteps);
            System.out.println(OpProfile.PREFIX + Json.JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(steps));
            System.out.flush();
            return 0;
        }
        DatasetSplits data = new DatasetFetcher(new ProjectPaths(projectDir).data(), Optional.empty()).load(DatasetRegistry.MNIST);
        RunConfig config = new RunConfig("mnist", setUp.model(), OptimizerSpec.paperDefault("adam"),
                RunConfig.PAPER_BATCH_SIZE, 1, 42, trainImages, evalImages);
        Files.createDirectories(workDir);
        Path jfr = workDir.resolve("profile.jfr");
        double seconds;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            long t0 = System.nanoTime();
            new Trainer(data, setUp.runtime(), "bench-profile", Path.of(""), TrainingProgress.NONE)
                    .run(config, RunDirectory.of(workDir.resolve("runs"), config));
            seconds = (System.nanoTime() - t0) / 1e9;
            recording.stop();
            recording.dump(jfr);
        }
        String trainingThread = Thread.currentThread().getName();
        Map<String, Map<String, Integer>> samples = new TreeMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            if (e.getThread("sampledThread") == null || !trainingThread.equals(e.getThread("sampledThread").getJavaName())
                    || e.getStackTrace() == null) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            samples.computeIfAbsent(StackPhase.phase(frames), k -> new TreeMap<>())
                    .merge(StackPhase.layer(frames), 1, Integer::sum);
        }

        MultiLayerNetwork net = new MultiLayerNetwork(setUp.model().toConfiguration(
                OptimizerSpec.paperDefault("adam").toUpdater(RunConfig.PAPER_EPOCHS), 42, setUp.runtime()));
        net.init();
        List<org.nd4j.linalg.dataset.DataSet> batches = new ArrayList<>();
        BatchSource.Gather gather = new BatchSource.Gather(data.train().first(layerBatches * RunConfig.PAPER_BATCH_SIZE),
                new InputLayout(setUp.layout()), RunConfig.PAPER_BATCH_SIZE, 42);
        for (int i = 0; i < layerBatches; i++) {
            batches.add(gather.next());
        }
        List<LayerTimer.LayerTime> layers = LayerTimer.time(net, batches);

        Result result = new Result(setUp, trainImages, evalImages, seconds, samples, layers, ResidentMemory.peakMiB());
        System.out.println(PREFIX + Json.JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        System.out.flush();
        return 0;
    }
}
