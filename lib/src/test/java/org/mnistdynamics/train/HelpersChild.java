package org.mnistdynamics.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.model.CnnSpec;

/**
 * Child JVM of {@link ProvenanceTruthTest}: builds the baseline network under whatever environment it was started
 * with (e.g. {@code SD_FORBID_HELPERS=1}) and prints {@code HELPERS <requested>|<allowed>|<attached>}.
 */
public final class HelpersChild {

    private HelpersChild() {
    }

    /** @param args none */
    public static void main(String[] args) {
        NativeBackend.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(CnnSpec.BASELINE.toConfiguration(
                OptimizerSpec.paperDefault("adam").toUpdater(1), 1, CnnSpec.RuntimeOptions.DEFAULT));
        net.init();
        Provenance p = Provenance.start("test", java.nio.file.Path.of("")).withHelpersOf(net);
        System.out.println("HELPERS " + p.backend().get("dl4jHelpersRequested") + "|" + p.backend().get("libnd4jHelpersAllowed")
                + "|" + p.backend().get("dl4jHelpers"));
    }
}
