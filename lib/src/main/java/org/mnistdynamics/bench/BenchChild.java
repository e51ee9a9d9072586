package org.mnistdynamics.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.data.DatasetFetcher;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.experiment.ProjectPaths;
import org.mnistdynamics.train.InputLayout;
import org.mnistdynamics.train.NativeBackend;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.util.Json;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The benchmark's child process: times training of one {@link SetUp} in a fresh JVM, because a JVM can load only
 * one nd4j-native build. Started by {@link BenchRunner} with the build chosen by system property and the thread
 * count by {@code OMP_NUM_THREADS}; prints one {@link ChildResult} line (prefix {@value ChildResult#PREFIX}).
 *
 * <p>Steps: load MNIST (the project's verified copy), measure the GEMM rate, build the baseline with the set-up's
 * kernel size and runtime options (Adam, the paper's learning rate, batch 128, seed 42), train {@code warmup}
 * images untimed, then {@code repeats} timed stretches of {@code images} images each. A timed stretch does what the
 * project's Trainer does per mini-batch: produce the batch, {@code fit}, read the loss.
 */
@Command(name = "bench-child", mixinStandardHelpOptions = true, description = "Times one training set-up (internal).")
public final class BenchChild implements Callable<Integer> {

    @Option(names = "--setup", required = true, description = "Set-up as JSON.")
    String setUpJson;
    @Option(names = "--images", defaultValue = "2048", description = "Images per timed repeat.")
    int images;
    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats.")
    int repeats;
    @Option(names = "--warmup", defaultValue = "1024", description = "Untimed warm-up images.")
    int warmup;
    @Option(names = "--gemm-size", defaultValue = "2048", description = "Side of the GEMM matrices.")
    int gemmSize;
    @Option(names = "--gemm-repeats", defaultValue = "5", description = "Timed GEMM products.")
    int gemmRepeats;
    @Option(names = "--project-dir", required = true, description = "Project root (for data/).")
    Path projectDir;
    @Option(names = "--sync", description = "After warm-up print READY and wait for a line on stdin.")
    boolean sync;

    /** @param args see the options */
    public static void main(String[] args) {
        NativeBackend.configure();
        System.exit(new CommandLine(new BenchChild()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SetUp setUp = Json.JSON.readValue(setUpJson, SetUp.class);
        int batch = RunConfig.PAPER_BATCH_SIZE;
        int batchesPerRepeat = (images + batch - 1) / batch;
        int warmupBatches = (warmup + batch - 1) / batch;
        int totalBatches = warmupBatches + repeats * batchesPerRepeat;
        int pool = Math.min(totalBatches, 55_000 / batch) * batch;
        Split train = new DatasetFetcher(new ProjectPaths(projectDir).data(), Optional.empty())
                .load(DatasetRegistry.MNIST).train().first(pool);

        double gemm = GemmRate.medianGflops(gemmSize, gemmRepeats);

        MultiLayerNetwork net = new MultiLayerNetwork(setUp.model().toConfiguration(
                OptimizerSpec.paperDefault("adam").toUpdater(RunConfig.PAPER_EPOCHS), 42, setUp.runtime()));
        net.init();
        String library = loadedNativeLibrary();
        if (!library.contains("/" + platformFolder(setUp.classifier()) + "/")) {
            throw new IllegalStateException("asked for the nd4j-native build '" + setUp.classifier() + "' but JavaCPP loaded "
                    + library);
        }
        Nd4j.getRandom().setSeed(42);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> rates = new ArrayList<>();
        List<Double> utilisation = new ArrayList<>();
        try (BatchSource source = BatchSource.of(setUp.pipeline(), train, new InputLayout(setUp.layout()), batch,
                totalBatches, 42)) {
            for (int b = 0; b < warmupBatches; b++) {
                step(net, source);
            }
            if (sync) {
                System.out.println("READY");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            for (int r = 0; r < repeats; r++) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                for (int b = 0; b < batchesPerRepeat; b++) {
                    step(net, source);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
                rates.add(batchesPerRepeat * batch / seconds);
                utilisation.add(cpuSeconds / (seconds * setUp.threads()));
            }
        }
        ChildResult result = new ChildResult(setUp, library, convHelper(net), gemm, rates, utilisation,
                net.score(), ResidentMemory.peakMiB(), ResidentMemory.loadAverage());
        System.out.println(ChildResult.PREFIX + Json.JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result));
        System.out.flush();
        return 0;
    }

    /** One training step as the Trainer does it: next mini-batch, fit, read the loss. */
    private static void step(MultiLayerNetwork net, BatchSource source) {
        net.fit(source.next());
        double loss = net.score();
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("non-finite training loss " + loss + " in the benchmark");
        }
    }

    /** @return the folder JavaCPP unpacks a build into: {@code linux-x86_64} plus the extension ({@code stock}: none) */
    static String platformFolder(String classifier) {
        return "linux-x86_64" + ("stock".equals(classifier) ? "" : classifier);
    }

    /** @return the file of the nd4j native library JavaCPP loaded (its path names the classifier) */
    static String loadedNativeLibrary() {
        return org.bytedeco.javacpp.Loader.getLoadedLibraries().values().stream()
                .filter(p -> p != null && p.contains("nd4jcpu")).findFirst().orElse("unknown");
    }

    /** @return the simple class name of the first conv layer's helper, or {@code none} */
    static String convHelper(MultiLayerNetwork net) {
        for (var layer : net.getLayers()) {
            if (layer instanceof ConvolutionLayer conv) {
                return conv.getHelper() == null ? "none" : conv.getHelper().getClass().getSimpleName();
            }
        }
        return "none";
    }
}
