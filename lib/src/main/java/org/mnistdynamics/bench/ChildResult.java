package org.mnistdynamics.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What one benchmark child process measured for one set-up (printed as JSON on its standard output).
 *
 * @param setUp             the set-up
 * @param loadedLibrary     path of the nd4j native library actually loaded (proves the classifier)
 * @param convHelper        class of the helper attached to the first conv layer, or {@code none}
 * @param gemmGflops        median FP32 GEMM rate of this process, GFLOP/s ({@link GemmRate})
 * @param imagesPerSecond   training images/s of each timed repeat (after warm-up)
 * @param cpuUtilisation    per repeat: process CPU time / (wall time x threads); well below 1 means that other
 *                          processes took the cores during the repeat
 * @param lastLoss          mini-batch loss at the end (a sanity value: finite and below ln 10 after training)
 * @param peakRssMiB        peak resident memory of the process (VmHWM), MiB
 * @param loadAverage       1-minute load average of the machine at the end
 */
public record ChildResult(@JsonProperty("setUp") SetUp setUp, @JsonProperty("loadedLibrary") String loadedLibrary,
                          @JsonProperty("convHelper") String convHelper, @JsonProperty("gemmGflops") double gemmGflops,
                          @JsonProperty("imagesPerSecond") List<Double> imagesPerSecond,
                          @JsonProperty("cpuUtilisation") List<Double> cpuUtilisation,
                          @JsonProperty("lastLoss") double lastLoss, @JsonProperty("peakRssMiB") double peakRssMiB,
                          @JsonProperty("loadAverage") double loadAverage) {

    /** Prefix of the result line on the child's standard output. */
    public static final String PREFIX = "BENCH-RESULT ";
}
