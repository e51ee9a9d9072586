package org.mnistdynamics.bench;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.mnistdynamics.model.CnnSpec;

import java.util.List;
import java.util.Locale;

/**
 * One candidate way of training the baseline CNN, as timed by the benchmark. Only speed may differ between
 * set-ups with the same kernel size and layout; the function computed is the same (checked by
 * {@code FastSetUpEquivalenceTest}).
 *
 * @param classifier  nd4j-native build: {@code stock} (plain {@code linux-x86_64}), {@code -avx2}, {@code -avx512},
 *                    {@code -onednn}, {@code -onednn-avx2} or {@code -onednn-avx512}
 * @param helpers     whether DL4J's oneDNN layer helpers (fused conv2d/maxpool2d ops) are attached; DL4J's default
 *                    is off (see {@code org.nd4j.nativeblas.Nd4jCpu})
 * @param kernelSize  conv kernel side: 3 or 5
 * @param layout      activation layout
 * @param workspace   DL4J workspace mode for training and inference
 * @param cache       DL4J cache mode (keeps forward results for backprop)
 * @param pipeline    how mini-batches reach the network
 * @param threads     OpenMP threads per process ({@code OMP_NUM_THREADS}), 1 to 64
 * @param processes   training processes side by side (1, or 2 for sweeps); images/s is their sum
 * @param pinned      OpenMP threads pinned to cores and spinning while they wait ({@link #PINNED_ENVIRONMENT});
 *                    only for one process (two pinned processes would share the first cores)
 */
public record SetUp(@JsonProperty("classifier") String classifier, @JsonProperty("helpers") boolean helpers,
                    @JsonProperty("kernelSize") int kernelSize, @JsonProperty("layout") CNN2DFormat layout,
                    @JsonProperty("workspace") WorkspaceMode workspace, @JsonProperty("cache") CacheMode cache,
                    @JsonProperty("pipeline") Pipeline pipeline, @JsonProperty("threads") int threads,
                    @JsonProperty("processes") int processes, @JsonProperty("pinned") boolean pinned) {

    /** The OpenMP environment of a pinned set-up: {@link org.mnistdynamics.train.TrainingThreads#PINNED_ENVIRONMENT}. */
    public static final java.util.Map<String, String> PINNED_ENVIRONMENT = org.mnistdynamics.train.TrainingThreads.PINNED_ENVIRONMENT;

    /** A set-up whose OpenMP threads are not pinned (the OpenMP runtime's defaults). */
    public SetUp(String classifier, boolean helpers, int kernelSize, CNN2DFormat layout, WorkspaceMode workspace,
                 CacheMode cache, Pipeline pipeline, int threads, int processes) {
        this(classifier, helpers, kernelSize, layout, workspace, cache, pipeline, threads, processes, false);
    }

    /** The nd4j-native builds shipped with the library (lib/pom.xml). */
    public static final List<String> CLASSIFIERS = List.of("stock", "-avx2", "-avx512", "-onednn", "-onednn-avx2",
            "-onednn-avx512");

    /**
     * The reference: DL4J out of the box on the plain {@code linux-x86_64} build, 5x5 kernels, NCHW, DL4J's default
     * modes, the Trainer's pipeline, one process with one OpenMP thread per core (ND4J's default).
     */
    public static final SetUp STOCK = new SetUp("stock", false, 5, CNN2DFormat.NCHW, WorkspaceMode.ENABLED,
            CacheMode.NONE, Pipeline.GATHER, Math.min(64, Runtime.getRuntime().availableProcessors()), 1);

    /**
     * @throws IllegalArgumentException naming the field and the allowed values
     */
    @JsonCreator
    public SetUp {
        if (!CLASSIFIERS.contains(classifier)) {
            throw new IllegalArgumentException("classifier '" + classifier + "' is not one of " + CLASSIFIERS);
        }
        if (kernelSize != 3 && kernelSize != 5) {
            throw new IllegalArgumentException("kernelSize = " + kernelSize + ", expected 3 or 5");
        }
        if (layout == null || workspace == null || cache == null || pipeline == null) {
            throw new IllegalArgumentException("layout, workspace, cache and pipeline must be given");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads = " + threads + " is outside 1..64");
        }
        if (processes != 1 && processes != 2) {
            throw new IllegalArgumentException("processes = " + processes + ", expected 1 or 2");
        }
        if (pinned && processes != 1) {
            throw new IllegalArgumentException("pinned threads need one process (two would be pinned to the same cores)");
        }
    }

    /** @return the row name: {@code stock} for {@link #STOCK}, otherwise every field in short form */
    @JsonIgnore
    public String name() {
        if (equals(STOCK)) {
            return "stock";
        }
        return String.format(Locale.ROOT, "%s%s k%d %s ws-%s cache-%s %s %dt%s%s",
                classifier.equals("stock") ? "plain" : classifier.substring(1),
                helpers ? "+helpers" : "", kernelSize, layout, workspace.name().toLowerCase(Locale.ROOT),
                cache.name().toLowerCase(Locale.ROOT), pipeline.name().toLowerCase(Locale.ROOT), threads,
                processes == 1 ? "" : " x" + processes, pinned ? " pinned" : "");
    }

    /** @return the CNN this set-up trains: the paper's baseline with this kernel size */
    @JsonIgnore
    public CnnSpec model() {
        return CnnSpec.BASELINE.withKernelSize(kernelSize);
    }

    /** @return the speed-only network options */
    @JsonIgnore
    public CnnSpec.RuntimeOptions runtime() {
        return new CnnSpec.RuntimeOptions(layout, workspace, cache);
    }

    /** @return a copy with another classifier and helper choice */
    public SetUp withBuild(String newClassifier, boolean newHelpers) {
        return new SetUp(newClassifier, newHelpers, kernelSize, layout, workspace, cache, pipeline, threads, processes, pinned);
    }

    /** @return a copy with another kernel size and layout */
    public SetUp withShape(int newKernelSize, CNN2DFormat newLayout) {
        return new SetUp(classifier, helpers, newKernelSize, newLayout, workspace, cache, pipeline, threads, processes, pinned);
    }

    /** @return a copy with other workspace and cache modes */
    public SetUp withModes(WorkspaceMode newWorkspace, CacheMode newCache) {
        return new SetUp(classifier, helpers, kernelSize, layout, newWorkspace, newCache, pipeline, threads, processes, pinned);
    }

    /** @return a copy with another data pipeline */
    public SetUp withPipeline(Pipeline newPipeline) {
        return new SetUp(classifier, helpers, kernelSize, layout, workspace, cache, newPipeline, threads, processes, pinned);
    }

    /** @return a copy with another thread and process count */
    public SetUp withParallelism(int newThreads, int newProcesses) {
        return new SetUp(classifier, helpers, kernelSize, layout, workspace, cache, pipeline, newThreads, newProcesses, pinned);
    }

    /** @return a copy with pinned or unpinned OpenMP threads */
    public SetUp withPinned(boolean newPinned) {
        return new SetUp(classifier, helpers, kernelSize, layout, workspace, cache, pipeline, threads, processes, newPinned);
    }

    /** How training mini-batches are produced. */
    public enum Pipeline {
        /** As the project's Trainer: gather each shuffled mini-batch from the in-memory split into new arrays. */
        GATHER,
        /** Mini-batches built once before timing and reused (no per-step data work). */
        PREBUILT,
        /** As GATHER, but produced on a background thread by DL4J's {@code AsyncDataSetIterator} (prefetch 4). */
        ASYNC
    }
}
