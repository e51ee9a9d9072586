package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.util.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything that determines the numbers a training run produces. Two runs with equal configs produce the same
 * parameters and metrics on the same machine set-up, so the run id is derived from a hash of this record.
 *
 * @param dataset     registered dataset name ({@code mnist}, {@code fashion-mnist})
 * @param model       architecture
 * @param optimizer   optimizer, learning rate and schedule
 * @param batchSize   mini-batch size (paper: 128), 1 .. trainImages
 * @param epochs      number of epochs (paper: 20), 1 .. 1000
 * @param seed        master seed: weight init, per-epoch shuffling and dropout masks
 * @param trainImages training images used, the first ones of the train split, 1 .. 55,000
 * @param evalImages  validation and test images used for evaluation (the first ones of each split), 1 .. 10,000;
 *                    the validation split has 5,000, so it uses {@code min(evalImages, 5000)}; the {@code train_eval}
 *                    split uses the first {@code min(evalImages, trainImages)} training images
 * @param threads     threads of the training process (ND4J, OpenMP, BLAS), 1 .. 256; part of the numerics, because
 *                    sums split over more threads round differently (measured: losses differ in the 9th digit
 *                    between 1 and 2 threads after one epoch), so it enters the run id; set by {@link TrainingThreads}
 * @param numerics    version of the training numerics and record format that produced (or will produce) the run;
 *                    {@link #NUMERICS} for new runs. It enters the run id, so a change to the maths or to what an
 *                    epoch records makes every older record stale instead of mixing old and new numbers.
 * @param classes     the labels the run trains and is evaluated on, ascending (train, validation and test filtered
 *                    alike, {@link DatasetSplits#ofClasses}), or null for all ten; {@code trainImages} and
 *                    {@code evalImages} then count images of these classes. The softmax keeps its ten outputs: the
 *                    absent classes are simply never targets. Left out of the JSON when null, so that the ids of
 *                    runs on all classes are those they had before the field existed.
 * @param transfer    how the network starts when it is not trained from scratch ({@link TransferSpec}), or null;
 *                    left out of the JSON when null, as {@code classes}
 */
public record RunConfig(String dataset, CnnSpec model, OptimizerSpec optimizer, int batchSize, int epochs, long seed,
                        int trainImages, int evalImages, int threads, int numerics,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> classes,
                        @JsonInclude(JsonInclude.Include.NON_NULL) TransferSpec transfer) {

    /**
     * The current numerics version. History: 1 = records up to 2026-12-01 (no {@code numerics} field; validation
     * and test evaluation only); 2 = adds the inference-mode {@code train_eval} split after every epoch and
     * trains with the configuration's {@code threads}.
     * Raise it whenever a change alters parameters or metrics of a run at any precision.
     */
    public static final int NUMERICS = 2;

    /** Paper's mini-batch size. */
    public static final int PAPER_BATCH_SIZE = 128;
    /** Paper's number of epochs. */
    public static final int PAPER_EPOCHS = 20;

    /** Threads of a run unless it says otherwise: one, so that a sweep runs one single-threaded run per core. */
    public static final int DEFAULT_THREADS = 1;

    /**
     * A configuration with {@link #DEFAULT_THREADS} threads and the current numerics version ({@link #NUMERICS}).
     *
     * @throws IllegalArgumentException naming the field, the value and the allowed range
     */
    public RunConfig(String dataset, CnnSpec model, OptimizerSpec optimizer, int batchSize, int epochs, long seed,
                     int trainImages, int evalImages) {
        this(dataset, model, optimizer, batchSize, epochs, seed, trainImages, evalImages, DEFAULT_THREADS, NUMERICS);
    }

    /**
     * A configuration on all ten classes, trained from scratch.
     *
     * @throws IllegalArgumentException naming the field, the value and the allowed range
     */
    public RunConfig(String dataset, CnnSpec model, OptimizerSpec optimizer, int batchSize, int epochs, long seed,
                     int trainImages, int evalImages, int threads, int numerics) {
        this(dataset, model, optimizer, batchSize, epochs, seed, trainImages, evalImages, threads, numerics, null, null);
    }

    /** @return this configuration with another thread count (another run id: the numbers differ in rounding) */
    public RunConfig withThreads(int otherThreads) {
        return new RunConfig(dataset, model, optimizer, batchSize, epochs, seed, trainImages, evalImages, otherThreads,
                numerics, classes, transfer == null ? null
                : new TransferSpec(transfer.base().withThreads(otherThreads), transfer.cut(), transfer.frozen()));
    }

    /**
     * Reads a recorded configuration; one without a {@code numerics} field predates the field (version 1).
     *
     * @return the configuration as recorded
     * @throws IllegalArgumentException naming the field, the value and the allowed range
     */
    @JsonCreator
    public static RunConfig recorded(@JsonProperty("dataset") String dataset, @JsonProperty("model") CnnSpec model,
                                     @JsonProperty("optimizer") OptimizerSpec optimizer, @JsonProperty("batchSize") int batchSize,
                                     @JsonProperty("epochs") int epochs, @JsonProperty("seed") long seed,
                                     @JsonProperty("trainImages") int trainImages, @JsonProperty("evalImages") int evalImages,
                                     @JsonProperty("threads") Integer threads, @JsonProperty("numerics") Integer numerics,
                                     @JsonProperty("classes") List<Integer> classes,
                                     @JsonProperty("transfer") TransferSpec transfer) {
        return new RunConfig(dataset, model, optimizer, batchSize, epochs, seed, trainImages, evalImages,
                threads == null ? DEFAULT_THREADS : threads, numerics == null ? 1 : numerics, classes, transfer);
    }

    /**
     * @throws IllegalArgumentException naming the field, the value and the allowed range
     */
    public RunConfig {
        DatasetRegistry.byName(dataset);
        if (model == null) {
            throw new IllegalArgumentException("model is missing");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is missing");
        }
        if (trainImages < 1 || trainImages > DatasetSplits.TRAIN_SIZE) {
            throw new IllegalArgumentException("trainImages = " + trainImages + " is outside the allowed range 1.."
                    + DatasetSplits.TRAIN_SIZE);
        }
        if (batchSize < 1 || batchSize > trainImages) {
            throw new IllegalArgumentException("batchSize = " + batchSize + " is outside the allowed range 1.."
                    + trainImages + " (the number of training images)");
        }
        if (epochs < 1 || epochs > 1000) {
            throw new IllegalArgumentException("epochs = " + epochs + " is outside the allowed range 1..1000");
        }
        if (evalImages < 1 || evalImages > 10_000) {
            throw new IllegalArgumentException("evalImages = " + evalImages + " is outside the allowed range 1..10000");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads = " + threads + " is outside the allowed range 1..256");
        }
        if (numerics < 1 || numerics > NUMERICS) {
            throw new IllegalArgumentException("numerics = " + numerics + " is outside the allowed range 1.." + NUMERICS);
        }
        if (classes != null) {
            if (classes.isEmpty()) {
                throw new IllegalArgumentException("classes = [] keeps no class; leave the field out for all ten");
            }
            for (int i = 0; i < classes.size(); i++) {
                Integer c = classes.get(i);
                if (c == null || c < 0 || c > 9 || (i > 0 && c <= classes.get(i - 1))) {
                    throw new IllegalArgumentException("classes = " + classes + " must be distinct labels 0..9 in "
                            + "ascending order");
                }
            }
            classes = List.copyOf(classes);
        }
        if (transfer != null) {
            if (!transfer.base().dataset().equals(dataset) || !transfer.base().model().equals(model)) {
                throw new IllegalArgumentException("transfer: base " + transfer.base().runId() + " (" + transfer.base().dataset()
                        + ", " + transfer.base().model() + ") must have the transfer run's dataset and architecture ("
                        + dataset + ", " + model + ")");
            }
            transfer.copiedLayers(model);
        }
    }

    /**
     * @param all the dataset's splits
     * @return the splits this run uses: all of them, or those of its {@link #classes()}
     */
    public DatasetSplits splitsOf(DatasetSplits all) {
        return classes == null ? all : all.ofClasses(classes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** @return true if this configuration was made with the current numerics, so its record may be used */
    public boolean current() {
        return numerics == NUMERICS;
    }

    /** @return the number of training images evaluated in inference mode after each epoch ({@code train_eval}) */
    public int trainEvalImages() {
        return Math.min(evalImages, trainImages);
    }

    /** @return the paper's full setting for one optimizer on MNIST: baseline CNN, batch 128, 20 epochs, all images */
    public static RunConfig paper(OptimizerSpec optimizer, long seed) {
        return new RunConfig("mnist", CnnSpec.BASELINE, optimizer, PAPER_BATCH_SIZE, PAPER_EPOCHS, seed,
                DatasetSplits.TRAIN_SIZE, 10_000);
    }

    /**
     * @return {@code <optimizer>-<first 12 hex digits of SHA-256 of the canonical JSON of this config>}
     */
    public String runId() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.canonical(this).getBytes(StandardCharsets.UTF_8));
            return optimizer.name() + "-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
