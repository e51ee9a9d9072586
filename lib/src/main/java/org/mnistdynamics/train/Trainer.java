package org.mnistdynamics.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.FaultPoints;
import org.mnistdynamics.util.Interruption;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains one run to completion, resuming from its last valid checkpoint.
 *
 * <p>Per epoch {@code e} (1-based): the training images are shuffled with a generator seeded from
 * {@code (seed, e)}, ND4J's random generator (dropout masks) is reseeded from {@code (seed, e)}, and DL4J's epoch
 * counter is set to {@code e - 1} (it drives the learning-rate schedule). Together with the updater state in each
 * checkpoint, this makes a resumed run bit-identical to an uninterrupted one (shared case 03).
 *
 * <p>After each epoch: train loss and accuracy (means over the epoch's mini-batches, training mode), loss and
 * accuracy in inference mode on the first {@link RunConfig#trainEvalImages()} training images ({@code train_eval}),
 * validation and test loss and accuracy (inference mode), learning rate and the epoch's wall time are recorded; then the checkpoint
 * (model + updater + that epoch's metrics) and {@code metrics.csv} are written atomically. Epoch 0 records the
 * initial weights and their validation/test metrics.
 *
 * <p>A run on some {@link RunConfig#classes()} trains and evaluates on those classes' images only; a transfer run
 * ({@link RunConfig#transfer()}) starts from its base network's layers below the cut ({@link TransferSpec}).
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /**
     * An epoch whose mean training loss exceeds 4 x ln 10 (four times the loss of guessing uniformly among 10
     * classes) has diverged: DL4J clips probabilities, so such a run can stay finite while producing garbage.
     */
    public static final double DIVERGED_LOSS = 4 * Math.log(10);

    /** Split name of the inference-mode evaluation on the first {@link RunConfig#trainEvalImages()} training images. */
    public static final String TRAIN_EVAL = "train_eval";

    private final DatasetSplits data;
    private final CnnSpec.RuntimeOptions runtime;
    private final String profile;
    private final Path projectRoot;
    private final TrainingProgress progress;

    /**
     * @param data     the dataset's splits (must match the configs' dataset)
     * @param runtime  data layout, workspace and cache modes
     * @param profile     profile name recorded in provenance
     * @param projectRoot project root, whose git commit provenance records
     * @param progress    progress receiver
     */
    public Trainer(DatasetSplits data, CnnSpec.RuntimeOptions runtime, String profile, Path projectRoot,
                   TrainingProgress progress) {
        this.data = data;
        this.runtime = runtime;
        this.profile = profile;
        this.projectRoot = projectRoot;
        this.progress = progress;
    }

    /**
     * Returns the recorded run if it is complete, otherwise trains (or resumes) it.
     *
     * @param config   the run
     * @param runDir   its directory
     * @return the run's final record
     * @throws IOException              naming the file, if a read or write fails (state on disk stays consistent)
     * @throws TrainingFailedException  if the loss becomes non-finite (the run is marked failed)
     * @throws Interruption.InterruptedWorkException if the thread is interrupted (checked once per mini-batch and after
     *                                  each checkpoint); the run is marked interrupted, its checkpoints stay intact,
     *                                  the lock is released, and running it again resumes
     */
    public RunResult run(RunConfig config, RunDirectory runDir) throws IOException {
        if (!config.dataset().equals(data.spec().name())) {
            throw new IllegalArgumentException("run " + config.runId() + " is for dataset " + config.dataset()
                    + " but the trainer holds " + data.spec().name());
        }
        try (RunLock ignored = RunLock.acquire(runDir.path())) {
            // Tablesaw's class initialiser scans the class path and fails for good in this JVM if the thread is
            // interrupted meanwhile: it runs here, before any interruption check can stop the run half-way.
            MetricsTable.empty(config.runId());
            runDir.writeOrCheckConfig(config);
            AtomicFiles.removeLeftovers(runDir.path());
            CheckpointStore store = runDir.checkpoints();
            List<CheckpointStore.Manifest> chain = store.validChain();
            var status = runDir.status();
            if (status.isPresent() && status.get().completed() && chain.size() == config.epochs() + 1) {
                return RunResult.load(config, runDir);
            }
            if (status.isPresent() && "failed".equals(status.get().state())) {
                throw new TrainingFailedException("run " + config.runId() + " failed earlier: " + status.get().message()
                        + " (delete " + runDir.path() + " to try again)");
            }
            int before = TrainingThreads.current();
            try {
                return train(config, runDir, store, chain);
            } catch (Interruption.InterruptedWorkException e) {
                throw interrupted(config, runDir, e);
            } finally {
                TrainingThreads.apply(Math.max(1, before)); // a notebook kernel keeps its own thread count afterwards
            }
        }
    }

    /**
     * Marks an interrupted run "interrupted" (its checkpoints are intact; the lock is released on the way out) and
     * returns the exception that says so and how to resume.
     */
    private static Interruption.InterruptedWorkException interrupted(RunConfig config, RunDirectory runDir,
                                                                     Interruption.InterruptedWorkException e) throws IOException {
        int done = runDir.status().map(RunStatus::epochsCompleted).orElse(0);
        String message = e.getMessage() + "; checkpoints up to epoch " + done + " are intact; run it again to resume";
        runDir.writeStatus(new RunStatus("interrupted", done, message));
        log.warn("{}", message);
        return new Interruption.InterruptedWorkException(message);
    }

    private RunResult train(RunConfig config, RunDirectory runDir, CheckpointStore store,
                            List<CheckpointStore.Manifest> chain) throws IOException {
        List<MetricRow> rows = new ArrayList<>();
        chain.forEach(m -> rows.addAll(m.metrics()));
        TrainingThreads.apply(config.threads());
        Provenance provenance = runDir.provenance().orElseGet(() -> Provenance.start(profile, projectRoot));
        AtomicFiles.write(runDir.provenanceFile(), org.mnistdynamics.util.Json.pretty(provenance));
        MultiLayerNetwork net;
        int start;
        InputLayout layout = new InputLayout(runtime.dataFormat());
        DatasetSplits runData = config.splitsOf(data);
        if (chain.isEmpty()) {
            TransferSpec transfer = config.transfer();
            int frozen = transfer != null && transfer.frozen() ? transfer.copiedLayers(config.model()) : 0;
            net = new MultiLayerNetwork(config.model().toConfiguration(config.optimizer().toUpdater(config.epochs()),
                    config.seed(), runtime, frozen));
            net.init();
            if (transfer != null) {
                copyFromBase(config, runDir, net);
            }
            List<MetricRow> initial = evaluate(config, runData, net, layout, 0, Double.NaN, Double.NaN, Double.NaN);
            checkEvaluation(config, runDir, 0, initial);
            store.write(0, net, initial);
            rows.addAll(initial);
            start = 1;
        } else {
            int last = chain.get(chain.size() - 1).epoch();
            log.info("Resuming run {} after epoch {}", config.runId(), last);
            store.deleteAfter(last);
            net = store.load(last);
            start = last + 1;
        }
        MetricsTable.write(MetricsTable.of(config.runId(), rows), runDir.metricsFile());
        runDir.writeStatus(new RunStatus("running", start - 1, ""));
        provenance = provenance.withHelpersOf(net); // what attached, not what was asked for
        AtomicFiles.write(runDir.provenanceFile(), org.mnistdynamics.util.Json.pretty(provenance));
        TrainAccuracyListener accuracy = new TrainAccuracyListener();
        net.setListeners(accuracy);
        double sessionSeconds = 0;
        for (int epoch = start; epoch <= config.epochs(); epoch++) {
            long t0 = System.nanoTime();
            double lr = config.optimizer().learningRate(epoch, config.epochs());
            double trainLoss = trainEpoch(config, runData.train(), runDir, net, layout, accuracy, epoch, lr);
            FaultPoints.reach("evaluation");
            List<MetricRow> epochRows = evaluate(config, runData, net, layout, epoch, trainLoss, accuracy.accuracy(), lr);
            checkEvaluation(config, runDir, epoch, epochRows);
            double seconds = (System.nanoTime() - t0) / 1e9;
            epochRows.add(new MetricRow(config.runId(), config.seed(), epoch, "train", "epoch_seconds", seconds));
            store.write(epoch, net, epochRows);
            rows.addAll(epochRows);
            MetricsTable.write(MetricsTable.of(config.runId(), rows), runDir.metricsFile());
            runDir.writeStatus(new RunStatus("running", epoch, ""));
            Interruption.check("training run " + config.runId() + " (after the checkpoint of epoch " + epoch + ")");
            sessionSeconds += seconds;
            progress.epochDone(epoch, epochRows);
            FaultPoints.reach("after-epoch");
        }
        double previous = provenance.wallSeconds();
        AtomicFiles.write(runDir.provenanceFile(), org.mnistdynamics.util.Json.pretty(provenance.finished(previous + sessionSeconds)));
        runDir.writeStatus(new RunStatus("completed", config.epochs(), ""));
        net.clearLayersStates();
        return new RunResult(config, runDir, MetricsTable.of(config.runId(), rows), new RunStatus("completed", config.epochs(), ""));
    }

    /**
     * Copies the layers below the transfer cut from the base network's last checkpoint into {@code net}, training
     * the base first if its run directory (beside this run's) holds no complete run; the base is deterministic, so a
     * base trained here equals one trained anywhere else, and a base being trained by another process is waited for.
     */
    private void copyFromBase(RunConfig config, RunDirectory runDir, MultiLayerNetwork net) throws IOException {
        RunConfig base = config.transfer().base();
        RunDirectory baseDir = RunDirectory.of(runDir.path().getParent().getParent(), base);
        log.info("Transfer run {}: layers below cut {} from base {}", config.runId(), config.transfer().cut(), base.runId());
        run(base, baseDir);
        TrainingThreads.apply(config.threads()); // run() restored the thread count it found
        MultiLayerNetwork baseNet = baseDir.checkpoints().load(base.epochs());
        int copied = config.transfer().copiedLayers(config.model());
        for (int i = 0; i < copied; i++) {
            if (baseNet.getLayer(i).numParams() > 0) {
                net.getLayer(i).setParams(baseNet.getLayer(i).params().dup());
            }
        }
    }

    /** Trains one epoch and returns its mean mini-batch loss; fails the run on a non-finite loss. */
    private double trainEpoch(RunConfig config, Split trainSplit, RunDirectory runDir, MultiLayerNetwork net,
                              InputLayout layout, TrainAccuracyListener accuracy, int epoch, double lr) throws IOException {
        Split train = trainSplit.first(config.trainImages());
        int[] order = shuffledOrder(train.size(), config.seed(), epoch);
        net.setEpochCount(epoch - 1);
        Nd4j.getRandom().setSeed(mix(config.seed(), epoch) ^ 0x5DEECE66DL);
        accuracy.reset();
        int batches = (train.size() + config.batchSize() - 1) / config.batchSize();
        progress.epochStarted(config.runId(), epoch, config.epochs(), batches);
        double lossSum = 0;
        long images = 0;
        for (int b = 0; b < batches; b++) {
            Interruption.check("training run " + config.runId() + " (epoch " + epoch + ", mini-batch " + (b + 1) + " of "
                    + batches + ")");
            int from = b * config.batchSize();
            int count = Math.min(config.batchSize(), train.size() - from);
            net.fit(new DataSet(layout.features(train, order, from, count), train.oneHotLabels(order, from, count)));
            double loss = net.score();
            if (!Double.isFinite(loss)) {
                fail(config, runDir, epoch, "non-finite training loss (" + loss + ") in epoch " + epoch + ", mini-batch "
                        + (b + 1) + " of " + batches + ", learning rate " + lr);
            }
            lossSum += loss * count;
            images += count;
            progress.batchDone(b + 1, loss);
            if (b == batches / 2) {
                FaultPoints.reach("mid-epoch");
            }
        }
        double mean = lossSum / images;
        if (mean > DIVERGED_LOSS) {
            fail(config, runDir, epoch, String.format(java.util.Locale.ROOT, "diverged: mean training loss %.3f in epoch %d "
                    + "is above %.3f (4 x ln 10; chance level is ln 10 = 2.303), learning rate %s", mean, epoch, DIVERGED_LOSS, lr));
        }
        return mean;
    }

    /**
     * Fails the run if an evaluated metric is not finite, as a non-finite training loss does: {@link Evaluation} clips
     * probabilities with {@code Math.max(p, 1e-10)}, which passes NaN through, and a NaN in {@code metrics.csv} would
     * be written as an empty cell that the reader rejects.
     */
    private static void checkEvaluation(RunConfig config, RunDirectory runDir, int epoch, List<MetricRow> rows)
            throws IOException {
        for (MetricRow r : rows) {
            if (!Double.isFinite(r.value()) && !"train".equals(r.split())) {
                fail(config, runDir, epoch, "non-finite " + r.split() + " " + r.metric() + " (" + r.value()
                        + ") after epoch " + epoch + " (network output not finite)");
            }
        }
    }

    /** Marks the run failed (earlier checkpoints stay intact) and stops it. */
    private static void fail(RunConfig config, RunDirectory runDir, int epoch, String what) throws IOException {
        String message = what + " (" + config.optimizer().name() + "); the learning rate is probably too high. "
                + (epoch == 0 ? "No checkpoint was written." : "Checkpoints up to epoch " + (epoch - 1) + " are intact.");
        runDir.writeStatus(new RunStatus("failed", Math.max(0, epoch - 1), message));
        throw new TrainingFailedException("run " + config.runId() + ": " + message);
    }

    private List<MetricRow> evaluate(RunConfig config, DatasetSplits data, MultiLayerNetwork net, InputLayout layout,
                                     int epoch, double trainLoss, double trainAccuracy, double lr) {
        List<MetricRow> rows = new ArrayList<>();
        String id = config.runId();
        long seed = config.seed();
        if (epoch > 0) {
            rows.add(new MetricRow(id, seed, epoch, "train", "loss", trainLoss));
            rows.add(new MetricRow(id, seed, epoch, "train", "accuracy", trainAccuracy));
            rows.add(new MetricRow(id, seed, epoch, "train", "learning_rate", lr));
        }
        // train_eval: the first training images in inference mode (no dropout, weights of the epoch's end), so that
        // train_eval minus validation is a clean generalization gap; "train" keeps the training-mode running mean.
        var splits = new java.util.LinkedHashMap<String, Split>();
        splits.put(TRAIN_EVAL, data.train());
        splits.put(data.validation().name(), data.validation());
        splits.put(data.test().name(), data.test());
        for (var split : splits.entrySet()) {
            int limit = split.getKey().equals(TRAIN_EVAL) ? config.trainEvalImages() : config.evalImages();
            Evaluation e = Evaluation.of(net, split.getValue(), limit, layout);
            rows.add(new MetricRow(id, seed, epoch, split.getKey(), "loss", e.loss()));
            rows.add(new MetricRow(id, seed, epoch, split.getKey(), "accuracy", e.accuracy()));
        }
        if (epoch == 0) {
            progress.epochDone(0, rows);
        }
        return rows;
    }

    /**
     * @return a permutation of {@code 0..n-1} determined by {@code (seed, epoch)} (Fisher–Yates)
     */
    static int[] shuffledOrder(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(mix(seed, epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** SplitMix64-style mixing of the master seed and the epoch into an independent per-epoch seed. */
    static long mix(long seed, int epoch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
