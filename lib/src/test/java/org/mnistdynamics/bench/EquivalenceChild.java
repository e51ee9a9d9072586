package org.mnistdynamics.bench;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.data.DatasetFetcher;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.Evaluation;
import org.mnistdynamics.train.InputLayout;
import org.mnistdynamics.train.NativeBackend;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Child JVM of {@link FastSetUpEquivalenceTest}: computes, with whatever build and helper setting its system properties
 * select, the numbers that must not depend on them. Arguments: project root, kernel size, layout, workspace, cache.
 *
 * <p>Prints {@code EQUIV <library> <helper> <loss0> <loss1> <accuracy>}: the loss of the freshly initialised
 * baseline (seed 42) on the first 128 training images in inference mode; the same loss after one Adam step on that
 * mini-batch (dropout masks from ND4J's generator seeded with 7, so forward, backward and update are all covered);
 * and the validation accuracy on the first 1,000 validation images after one epoch over the first 2,048 training
 * images (16 mini-batches, natural order).
 */
public final class EquivalenceChild {

    private EquivalenceChild() {
    }

    /** @param args project root, kernel size, layout (NCHW|NHWC), workspace mode, cache mode */
    public static void main(String[] args) throws Exception {
        NativeBackend.configure();
        DatasetSplits data = new DatasetFetcher(Path.of(args[0]).resolve("data"), Optional.empty()).load(DatasetRegistry.MNIST);
        CnnSpec.RuntimeOptions runtime = new CnnSpec.RuntimeOptions(
                org.deeplearning4j.nn.conf.CNN2DFormat.valueOf(args[2]),
                org.deeplearning4j.nn.conf.WorkspaceMode.valueOf(args[3]),
                org.deeplearning4j.nn.conf.CacheMode.valueOf(args[4]));
        MultiLayerNetwork net = new MultiLayerNetwork(CnnSpec.BASELINE.withKernelSize(Integer.parseInt(args[1]))
                .toConfiguration(OptimizerSpec.paperDefault("adam").toUpdater(RunConfig.PAPER_EPOCHS), 42, runtime));
        net.init();
        InputLayout layout = new InputLayout(runtime.dataFormat());
        Split train = data.train();
        int[] order = train.naturalOrder();
        DataSet first = new DataSet(layout.features(train, order, 0, 128), train.oneHotLabels(order, 0, 128));
        double loss0 = net.score(first, false);
        Nd4j.getRandom().setSeed(7);
        net.fit(first);
        double loss1 = net.score(first, false);
        for (int from = 128; from < 2048; from += 128) {
            net.fit(new DataSet(layout.features(train, order, from, 128), train.oneHotLabels(order, from, 128)));
        }
        double accuracy = Evaluation.of(net, data.validation(), 1000, layout).accuracy();
        System.out.printf(Locale.ROOT, "EQUIV %s %s %.9e %.9e %.6f%n", BenchChild.loadedNativeLibrary(),
                BenchChild.convHelper(net), loss0, loss1, accuracy);
    }
}
