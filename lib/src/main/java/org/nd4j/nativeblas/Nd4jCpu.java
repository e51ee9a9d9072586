package org.nd4j.nativeblas;

/**
 * Compatibility shim that lets DL4J 1.0.0-M2.1 attach its oneDNN layer helpers (fused libnd4j convolution and
 * pooling ops) to {@code ConvolutionLayer} and {@code SubsamplingLayer}.
 *
 * <p>Why: {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} in deeplearning4j-nn
 * 1.0.0-M2.1 looks the native environment up by reflection under the class name
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment}; in nd4j-native 1.0.0-M2.1 that class lives at
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment}, so the lookup throws, the check returns
 * {@code false} and every helper is discarded (verified with {@code javap} on both jars). Without helpers DL4J
 * convolves with a Java-side im2col into a permuted buffer plus a strided gemm; on this project's 2-core machine a
 * training step of the baseline then takes 4 to 5 times as long as with the fused
 * {@code conv2d}/{@code conv2d_bp}/{@code maxpool2d} ops the helpers call on a {@code -onednn} build
 * (see {@code results/bench.csv}).
 *
 * <p>This class supplies exactly the two members the check calls. The helpers only run when DL4J's own switch
 * {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false}, which
 * {@link org.mnistdynamics.train.NativeBackend#configure()} sets for the {@code -onednn} builds unless the user chose
 * otherwise. The helpers' ops exist in every nd4j-native build, but only the {@code -onednn} builds run them with
 * oneDNN; elsewhere they are no faster than DL4J's own path.
 * That helpers and the built-in path compute the same function is checked by
 * {@code org.mnistdynamics.bench.FastSetUpEquivalenceTest}.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The members of libnd4j's environment that DL4J's helper check reads. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** @return the single instance (as libnd4j's {@code Environment::getInstance()}) */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * @return {@code true}: the helpers' fused ops are available in every nd4j-native build; whether they use
         *         oneDNN inside is decided by libnd4j itself
         */
        public boolean isUseMKLDNN() {
            return true;
        }
    }
}
