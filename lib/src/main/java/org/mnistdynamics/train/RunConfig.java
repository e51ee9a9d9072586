package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.util.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
 *                    the validation split has 5,000, so it uses {@code min(evalImages, 5000)}
 */
public record RunConfig(String dataset, CnnSpec model, OptimizerSpec optimizer, int batchSize, int epochs, long seed,
                        int trainImages, int evalImages) {

    /** Paper's mini-batch size. */
    public static final int PAPER_BATCH_SIZE = 128;
    /** Paper's number of epochs. */
    public static final int PAPER_EPOCHS = 20;

    /**
     * @throws IllegalArgumentException naming the field, the value and the allowed range
     */
    @JsonCreator
    public RunConfig(@JsonProperty("dataset") String dataset, @JsonProperty("model") CnnSpec model,
                     @JsonProperty("optimizer") OptimizerSpec optimizer, @JsonProperty("batchSize") int batchSize,
                     @JsonProperty("epochs") int epochs, @JsonProperty("seed") long seed,
                     @JsonProperty("trainImages") int trainImages, @JsonProperty("evalImages") int evalImages) {
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
        this.dataset = dataset;
        this.model = model;
        this.optimizer = optimizer;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.seed = seed;
        this.trainImages = trainImages;
        this.evalImages = evalImages;
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

    /** @return number of mini-batches per epoch (the last one may be smaller) */
    public int batchesPerEpoch() {
        return (trainImages + batchSize - 1) / batchSize;
    }
}
