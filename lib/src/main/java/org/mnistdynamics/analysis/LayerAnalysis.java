package org.mnistdynamics.analysis;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.stats.DipTest;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.util.Interruption;
import org.mnistdynamics.util.TableFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Layer-by-layer measurements of one finished run, from its checkpoints (no training), cached as CSV in a folder
 * ({@code <run>/analysis/} by default; {@code Paper} keeps them beside the run's committed record, where they are read
 * without checkpoints) like {@link RunAnalysis}:
 * <ul>
 *   <li>{@link #probes()}: linear probe accuracy ({@link LinearProbe}; Alain &amp; Bengio 2016) of each layer of
 *       {@link Representations} at the epochs {@link #probeEpochs()};</li>
 *   <li>{@link #ckaToFinal()}: linear CKA ({@link LinearCka}; Kornblith et al. 2019) of each layer at every epoch
 *       with the same layer at the last epoch, on the first {@code ckaImages} test images (bottom-up convergence,
 *       Raghu et al. 2017, "SVCCA");</li>
 *   <li>{@link #reinitialisation()}: test accuracy of the final network with one layer's parameters reset to their
 *       values at epoch {@code t} (t = 0: the initial weights), all others kept (Zhang, Bengio &amp; Singer 2022,
 *       "Are all layers created equal?", JMLR 23(67));</li>
 *   <li>{@link #spectra()}: per weight layer and epoch, the singular-value summaries of {@link WeightSpectrum}
 *       (Martin &amp; Mahoney 2021) and Hartigan's dip test of the weight values ({@link DipTest}) beside the
 *       bimodality coefficient of {@link WeightStatistics}.</li>
 * </ul>
 *
 * <p>Bad input is named: a layer that does not exist, an epoch without a checkpoint, or a split with fewer images
 * than the analysis asks for throws {@link IllegalArgumentException} naming the run, the layer and the epoch.
 */
public final class LayerAnalysis {

    private static final Logger log = LoggerFactory.getLogger(LayerAnalysis.class);

    /** The epochs probed when the run has them (Alain &amp; Bengio probe during training); the last epoch is added. */
    public static final List<Integer> PROBE_EPOCHS = List.of(0, 1, 2, 5, 10);
    /** The CKA with its final self a layer must reach to count as converged (Raghu et al. 2017 use a similar cut). */
    public static final double CKA_THRESHOLD = 0.9;
    /** Weight values sampled (seeded) for the dip test; its Monte-Carlo p-value costs O(samples · n log n). */
    public static final int DIP_SAMPLE = 2000;
    /** Uniform samples of the dip test's p-value. */
    public static final int DIP_P_SAMPLES = 500;

    /**
     * Image counts of the analyses.
     *
     * @param probeTrain   training images of each probe (the first ones of the train split)
     * @param probeTest    test images each probe is scored on (the first ones of the test split)
     * @param ckaImages    test images the CKA is computed on (the first ones)
     * @param reinitImages test images the re-initialised networks are scored on (the first ones)
     */
    public record Sizes(int probeTrain, int probeTest, int ckaImages, int reinitImages) {
        /**
         * The paper's: 2,000 probe training images, 2,000 probe test images, 2,000 CKA images, all 10,000 test images
         * for re-initialisation. The probe count bounds the cost: Smile's L-BFGS evaluates its objective in Java at
         * about images x features x 10 multiply-adds (block1: 6,272 features), a few hundred times per probe.
         */
        public static final Sizes PAPER = new Sizes(2_000, 2_000, 2_000, 10_000);
        /** CI's smoke profile: small enough for seconds per checkpoint. */
        public static final Sizes SMOKE = new Sizes(500, 300, 300, 1_000);
        /** Fewest probe training images: ten per class. */
        public static final int MIN_PROBE_TRAIN = 100;

        /** @throws IllegalArgumentException if a count is below its minimum (probe training: 100, others: 10) */
        public Sizes {
            if (probeTrain < MIN_PROBE_TRAIN || probeTest < 10 || ckaImages < 10 || reinitImages < 10) {
                throw new IllegalArgumentException("too few images: probe training " + probeTrain + " (at least "
                        + MIN_PROBE_TRAIN + "), probe test " + probeTest + ", CKA " + ckaImages + ", re-initialisation "
                        + reinitImages + " (at least 10 each)");
            }
        }
    }

    private final RunResult run;
    private final DatasetSplits data;
    private final Sizes sizes;
    private final Path dir;
    private final String id;

    /**
     * @param run   a completed run with its checkpoints
     * @param data  its dataset
     * @param sizes image counts
     * @throws IllegalArgumentException if the run is not completed, was trained on another dataset than {@code data},
     *                                  or a split has fewer images than {@code sizes} asks for (naming the run and the
     *                                  split)
     */
    public LayerAnalysis(RunResult run, DatasetSplits data, Sizes sizes) {
        this(run, data, sizes, run.dir().path().resolve("analysis"));
    }

    /**
     * @param run   a completed run with its checkpoints (its folder may be read-only)
     * @param data  its dataset
     * @param sizes image counts
     * @param cache folder of the cached tables (created when first written)
     * @throws IllegalArgumentException as {@link #LayerAnalysis(RunResult, DatasetSplits, Sizes)}
     */
    public LayerAnalysis(RunResult run, DatasetSplits data, Sizes sizes, Path cache) {
        this.id = run.config().runId();
        if (!run.status().completed()) {
            throw new IllegalArgumentException("run " + id + " is not completed (" + run.status().state() + ")");
        }
        // As in RunAnalysis: probes and CKA on another dataset's images would give plausible-looking, meaningless numbers.
        if (!run.config().dataset().equals(data.spec().name())) {
            throw new IllegalArgumentException("run " + id + " was trained on " + run.config().dataset()
                    + " but the images given are " + data.spec().name() + "; analyse a run with its own dataset");
        }
        if (data.train().size() < sizes.probeTrain()) {
            throw new IllegalArgumentException("run " + id + ": probe asks for " + sizes.probeTrain()
                    + " training images; the train split has " + data.train().size());
        }
        int test = Math.max(Math.max(sizes.probeTest(), sizes.ckaImages()), sizes.reinitImages());
        if (data.test().size() < test) {
            throw new IllegalArgumentException("run " + id + ": the analyses ask for " + test
                    + " test images; the test split has " + data.test().size());
        }
        this.run = run;
        this.data = data;
        this.sizes = sizes;
        this.dir = cache;
    }

    /** The cached table of each analysis, as {@link #isCached} names them. */
    private static final Map<String, String> TABLES = Map.of("probes", "probes.csv", "cka", "cka-to-final.csv",
            "reinitialisation", "reinitialisation.csv", "spectra", "spectra.csv");

    /**
     * @param cache a folder of layer-analysis tables
     * @return true if it holds all four tables (probes, CKA, re-initialisation, spectra), so that reading them needs no
     *         checkpoint
     */
    public static boolean isComplete(Path cache) {
        return TABLES.values().stream().allMatch(f -> Files.exists(cache.resolve(f)));
    }

    /** @return the run analysed */
    public RunResult run() {
        return run;
    }

    /** @return the image counts used */
    public Sizes sizes() {
        return sizes;
    }

    /** @return {@link #PROBE_EPOCHS} that the run has, and its last epoch */
    public List<Integer> probeEpochs() {
        int last = run.config().epochs();
        TreeSet<Integer> e = new TreeSet<>();
        PROBE_EPOCHS.stream().filter(x -> x <= last).forEach(e::add);
        e.add(last);
        return List.copyOf(e);
    }

    /**
     * The network of one checkpoint.
     *
     * @param epoch 0 (initial weights) .. the run's epochs
     * @return the restored network
     * @throws IllegalArgumentException naming the run and epoch if there is no checkpoint of that epoch
     * @throws IOException if the checkpoint cannot be read
     */
    public MultiLayerNetwork network(int epoch) throws IOException {
        var store = run.dir().checkpoints();
        if (epoch < 0 || epoch > run.config().epochs() || !Files.exists(store.zip(epoch))) {
            throw new IllegalArgumentException("run " + id + ": no checkpoint of epoch " + epoch + " (the run has epochs 0.."
                    + run.config().epochs() + "; folder " + store.zip(0).getParent() + "); an analysis table that is not "
                    + "in " + dir + " needs the checkpoints: train the run again (deterministic)");
        }
        return store.load(epoch);
    }

    /**
     * Representations of one layer at one epoch.
     *
     * @param epoch  a checkpointed epoch
     * @param layer  a name of {@link Representations#layers}
     * @param images input {@code [N, 1, 28, 28]}
     * @return activations {@code [N, features]}
     * @throws IllegalArgumentException naming run, layer and epoch for an unknown layer or a missing checkpoint
     */
    public INDArray representation(int epoch, String layer, INDArray images) throws IOException {
        MultiLayerNetwork net = network(epoch);
        return representations(net, epoch, List.of(layer), images).get(layer);
    }

    /** @return the layer names compared: input, block1.., dense (from the initial network) */
    public List<String> layers() throws IOException {
        return List.copyOf(Representations.layers(network(0)).keySet());
    }

    /**
     * @param analysis {@code probes}, {@code cka}, {@code reinitialisation} or {@code spectra}
     * @return true if that analysis's table is already in the cache folder (reading it then costs no computation)
     * @throws IllegalArgumentException for another name
     */
    public boolean isCached(String analysis) {
        String file = TABLES.get(analysis);
        if (file == null) {
            throw new IllegalArgumentException("no layer analysis '" + analysis
                    + "'; expected probes, cka, reinitialisation or spectra");
        }
        return Files.exists(dir.resolve(file));
    }

    /**
     * @return columns run_id, seed, epoch, layer, depth (0 = input), features, train_images, test_images,
     *         train_accuracy, test_accuracy, seconds
     */
    public Table probes() throws IOException {
        Path file = dir.resolve("probes.csv");
        if (!Files.exists(file)) {
            Split train = data.train().first(sizes.probeTrain());
            Split test = data.test().first(sizes.probeTest());
            INDArray trainImages = train.features(train.naturalOrder(), 0, train.size());
            INDArray testImages = test.features(test.naturalOrder(), 0, test.size());
            Table t = Table.create("probes", StringColumn.create("run_id"), LongColumn.create("seed"),
                    IntColumn.create("epoch"), StringColumn.create("layer"), IntColumn.create("depth"),
                    IntColumn.create("features"), IntColumn.create("train_images"), IntColumn.create("test_images"),
                    DoubleColumn.create("train_accuracy"), DoubleColumn.create("test_accuracy"), DoubleColumn.create("seconds"));
            for (int epoch : probeEpochs()) {
                MultiLayerNetwork net = network(epoch);
                List<String> layers = List.copyOf(Representations.layers(net).keySet());
                Map<String, INDArray> tr = representations(net, epoch, layers, trainImages);
                Map<String, INDArray> te = representations(net, epoch, layers, testImages);
                for (int depth = 0; depth < layers.size(); depth++) {
                    String layer = layers.get(depth);
                    Interruption.check("linear probe of run " + id + " (layer " + layer + ", epoch " + epoch + ")");
                    LinearProbe.Result r = LinearProbe.fit(tr.get(layer).toDoubleMatrix(), train.labels(),
                            te.get(layer).toDoubleMatrix(), test.labels());
                    t.stringColumn("run_id").append(id);
                    t.longColumn("seed").append(run.config().seed());
                    t.intColumn("epoch").append(epoch);
                    t.stringColumn("layer").append(layer);
                    t.intColumn("depth").append(depth);
                    t.intColumn("features").append(r.features());
                    t.intColumn("train_images").append(train.size());
                    t.intColumn("test_images").append(test.size());
                    t.doubleColumn("train_accuracy").append(r.trainAccuracy());
                    t.doubleColumn("test_accuracy").append(r.testAccuracy());
                    t.doubleColumn("seconds").append(r.seconds());
                }
            }
            write(t, file);
        }
        return read(file, STRING, LONG, INTEGER, STRING, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE, DOUBLE, DOUBLE);
    }

    /** @return columns run_id, seed, epoch, layer, depth (1 = block1), images, cka (with the same layer at the last epoch) */
    public Table ckaToFinal() throws IOException {
        Path file = dir.resolve("cka-to-final.csv");
        if (!Files.exists(file)) {
            int last = run.config().epochs();
            INDArray images = testImages(sizes.ckaImages());
            MultiLayerNetwork finalNet = network(last);
            List<String> layers = comparedLayers(finalNet);
            Map<String, INDArray> fin = representations(finalNet, last, layers, images);
            Table t = Table.create("cka-to-final", StringColumn.create("run_id"), LongColumn.create("seed"),
                    IntColumn.create("epoch"), StringColumn.create("layer"), IntColumn.create("depth"),
                    IntColumn.create("images"), DoubleColumn.create("cka"));
            for (int epoch = 0; epoch <= last; epoch++) {
                Map<String, INDArray> now = epoch == last ? fin : representations(network(epoch), epoch, layers, images);
                for (int d = 0; d < layers.size(); d++) {
                    String layer = layers.get(d);
                    Interruption.check("CKA of run " + id + " (layer " + layer + ", epoch " + epoch + ")");
                    t.stringColumn("run_id").append(id);
                    t.longColumn("seed").append(run.config().seed());
                    t.intColumn("epoch").append(epoch);
                    t.stringColumn("layer").append(layer);
                    t.intColumn("depth").append(d + 1);
                    t.intColumn("images").append((int) images.size(0));
                    t.doubleColumn("cka").append(LinearCka.of(now.get(layer), fin.get(layer)));
                }
            }
            write(t, file);
        }
        return read(file, STRING, LONG, INTEGER, STRING, INTEGER, INTEGER, DOUBLE);
    }

    /**
     * @param threshold a CKA level in (0, 1], e.g. {@link #CKA_THRESHOLD}
     * @return per layer (depth order): columns layer, depth, epoch (the first epoch whose CKA with the final epoch is
     *         at least {@code threshold}; the last epoch always qualifies, its CKA being 1)
     */
    public Table ckaThresholdEpochs(double threshold) throws IOException {
        Table cka = ckaToFinal();
        Table out = Table.create("cka-threshold", StringColumn.create("layer"), IntColumn.create("depth"), IntColumn.create("epoch"));
        Map<String, Integer> first = new LinkedHashMap<>();
        Map<String, Integer> depth = new LinkedHashMap<>();
        for (var r : cka.sortAscendingOn("depth", "epoch")) {
            depth.putIfAbsent(r.getString("layer"), r.getInt("depth"));
            if (r.getDouble("cka") >= threshold) {
                first.putIfAbsent(r.getString("layer"), r.getInt("epoch"));
            }
        }
        depth.forEach((layer, d) -> {
            out.stringColumn("layer").append(layer);
            out.intColumn("depth").append(d);
            out.intColumn("epoch").append(first.getOrDefault(layer, run.config().epochs()));
        });
        return out;
    }

    /**
     * @return columns run_id, seed, layer (a layer with parameters: conv1, conv2, dense, output), reset_epoch (t),
     *         images, test_accuracy (final network with that layer's parameters from epoch t)
     */
    public Table reinitialisation() throws IOException {
        Path file = dir.resolve("reinitialisation.csv");
        if (!Files.exists(file)) {
            int last = run.config().epochs();
            Split test = data.test().first(sizes.reinitImages());
            INDArray images = test.features(test.naturalOrder(), 0, test.size());
            MultiLayerNetwork finalNet = network(last);
            INDArray finalParams = finalNet.params().dup();
            Table t = Table.create("reinitialisation", StringColumn.create("run_id"), LongColumn.create("seed"),
                    StringColumn.create("layer"), IntColumn.create("reset_epoch"), IntColumn.create("images"),
                    DoubleColumn.create("test_accuracy"));
            for (int epoch = 0; epoch <= last; epoch++) {
                MultiLayerNetwork then = epoch == last ? finalNet : network(epoch);
                for (int i = 0; i < finalNet.getnLayers(); i++) {
                    if (finalNet.getLayer(i).numParams() == 0) {
                        continue;
                    }
                    Interruption.check("re-initialisation of run " + id + " (layer " + Activations.layerName(finalNet, i)
                            + ", epoch " + epoch + ")");
                    finalNet.setParams(finalParams);
                    finalNet.getLayer(i).setParams(then.getLayer(i).params().dup());
                    t.stringColumn("run_id").append(id);
                    t.longColumn("seed").append(run.config().seed());
                    t.stringColumn("layer").append(Activations.layerName(finalNet, i));
                    t.intColumn("reset_epoch").append(epoch);
                    t.intColumn("images").append(test.size());
                    t.doubleColumn("test_accuracy").append(accuracy(finalNet, images, test.labels()));
                }
            }
            finalNet.setParams(finalParams);
            write(t, file);
        }
        return read(file, STRING, LONG, STRING, INTEGER, INTEGER, DOUBLE);
    }

    /**
     * @return per epoch and weight layer: columns run_id, seed, epoch, layer, rows, cols, sigma_max, stable_rank,
     *         alpha (power-law exponent of the eigenvalues σ²/N; NaN for fewer than 10), alpha_xmin, alpha_tail,
     *         alpha_ks, mp_edge (Marchenko-Pastur edge from the layer's initial weight standard deviation), spikes,
     *         dip, dip_p ({@value #DIP_SAMPLE} weights sampled, {@value #DIP_P_SAMPLES} uniform samples), bimodality
     */
    public Table spectra() throws IOException {
        Path file = dir.resolve("spectra.csv");
        if (!Files.exists(file)) {
            Table t = Table.create("spectra", StringColumn.create("run_id"), LongColumn.create("seed"),
                    IntColumn.create("epoch"), StringColumn.create("layer"), IntColumn.create("rows"), IntColumn.create("cols"),
                    DoubleColumn.create("sigma_max"), DoubleColumn.create("stable_rank"), DoubleColumn.create("alpha"),
                    DoubleColumn.create("alpha_xmin"), IntColumn.create("alpha_tail"), DoubleColumn.create("alpha_ks"),
                    DoubleColumn.create("mp_edge"), IntColumn.create("spikes"), DoubleColumn.create("dip"),
                    DoubleColumn.create("dip_p"), DoubleColumn.create("bimodality"));
            Map<String, Double> initStd = new LinkedHashMap<>();
            for (int epoch = 0; epoch <= run.config().epochs(); epoch++) {
                MultiLayerNetwork net = network(epoch);
                for (LayerParameter p : NetworkParameters.weights(net)) {
                    Interruption.check("weight spectra of run " + id + " (layer " + p.layerName() + ", epoch " + epoch + ")");
                    WeightStatistics s = WeightStatistics.of(p.values());
                    if (epoch == 0) {
                        initStd.put(p.layerName(), s.standardDeviation());
                    }
                    WeightSpectrum w = WeightSpectrum.of(p.values(), p.shape(), initStd.get(p.layerName()));
                    DipTest.Result dip = DipTest.test(sample(p.values(), DIP_SAMPLE, run.config().seed() + epoch),
                            DIP_P_SAMPLES, run.config().seed());
                    t.stringColumn("run_id").append(id);
                    t.longColumn("seed").append(run.config().seed());
                    t.intColumn("epoch").append(epoch);
                    t.stringColumn("layer").append(p.layerName());
                    t.intColumn("rows").append(w.rows());
                    t.intColumn("cols").append(w.cols());
                    t.doubleColumn("sigma_max").append(w.sigmaMax());
                    t.doubleColumn("stable_rank").append(w.stableRank());
                    t.doubleColumn("alpha").append(w.tail().alpha());
                    t.doubleColumn("alpha_xmin").append(w.tail().xmin());
                    t.intColumn("alpha_tail").append(w.tail().tail());
                    t.doubleColumn("alpha_ks").append(w.tail().ks());
                    t.doubleColumn("mp_edge").append(w.mpEdge());
                    t.intColumn("spikes").append(w.spikes());
                    t.doubleColumn("dip").append(dip.dip());
                    t.doubleColumn("dip_p").append(dip.pValue());
                    t.doubleColumn("bimodality").append(s.bimodalityCoefficient());
                }
            }
            write(t, file);
        }
        return read(file, STRING, LONG, INTEGER, STRING, INTEGER, INTEGER, DOUBLE, DOUBLE, DOUBLE, DOUBLE, INTEGER,
                DOUBLE, DOUBLE, INTEGER, DOUBLE, DOUBLE, DOUBLE);
    }

    /**
     * Linear CKA between the final networks of different seeds, layer by layer, over all pairs of runs (Kornblith et
     * al. 2019, section 6.1: general features should be more alike across initialisations).
     *
     * @param runs   completed runs of one configuration with different seeds, at least two
     * @param data   their dataset
     * @param images test images compared (the first ones), at least 10
     * @return columns layer, depth, seed_a, seed_b, images, cka
     * @throws IllegalArgumentException if fewer than two runs are given, the test split is too small, a run was trained
     *                                  on another dataset than {@code data}, or the runs' layers differ
     */
    public static Table crossSeedCka(List<RunResult> runs, DatasetSplits data, int images) throws IOException {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("cross-seed CKA needs at least two runs; got " + runs.size());
        }
        if (images < 10 || images > data.test().size()) {
            throw new IllegalArgumentException("cross-seed CKA asks for " + images + " test images; allowed 10.."
                    + data.test().size());
        }
        Split test = data.test().first(images);
        INDArray x = test.features(test.naturalOrder(), 0, test.size());
        List<Map<String, INDArray>> reps = new ArrayList<>();
        List<String> layers = null;
        for (RunResult r : runs) {
            LayerAnalysis a = new LayerAnalysis(r, data, new Sizes(Sizes.MIN_PROBE_TRAIN, 10, images, 10));
            MultiLayerNetwork net = a.network(r.config().epochs());
            List<String> l = comparedLayers(net);
            if (layers == null) {
                layers = l;
            } else if (!layers.equals(l)) {
                throw new IllegalArgumentException("run " + r.config().runId() + " has layers " + l + "; the first run has " + layers);
            }
            reps.add(a.representations(net, r.config().epochs(), l, x));
        }
        Table t = Table.create("cross-seed-cka", StringColumn.create("layer"), IntColumn.create("depth"),
                LongColumn.create("seed_a"), LongColumn.create("seed_b"), IntColumn.create("images"), DoubleColumn.create("cka"));
        for (int d = 0; d < layers.size(); d++) {
            for (int i = 0; i < runs.size(); i++) {
                for (int j = i + 1; j < runs.size(); j++) {
                    t.stringColumn("layer").append(layers.get(d));
                    t.intColumn("depth").append(d + 1);
                    t.longColumn("seed_a").append(runs.get(i).config().seed());
                    t.longColumn("seed_b").append(runs.get(j).config().seed());
                    t.intColumn("images").append(images);
                    t.doubleColumn("cka").append(LinearCka.of(reps.get(i).get(layers.get(d)), reps.get(j).get(layers.get(d))));
                }
            }
        }
        return t;
    }

    /**
     * {@link #crossSeedCka(List, DatasetSplits, int)} over every pair of the analyses, each pair's table cached in the
     * first run's folder ({@code cross-seed-cka-<other run id>-<images>.csv}) so that it is computed once from the
     * final checkpoints. A pair that is not cached and lacks a run's final checkpoint is left out (logged).
     *
     * @param analyses layer analyses of one configuration's seeds, in seed order
     * @param images   test images compared (the first ones)
     * @return columns layer, depth, seed_a, seed_b, images, cka, ordered by depth then pair; no rows with fewer than two
     *         analyses
     * @throws IOException on a read or write failure
     */
    public static Table cachedCrossSeedCka(List<LayerAnalysis> analyses, int images) throws IOException {
        List<Table> pairs = new ArrayList<>();
        for (int i = 0; i < analyses.size(); i++) {
            for (int j = i + 1; j < analyses.size(); j++) {
                LayerAnalysis a = analyses.get(i);
                LayerAnalysis b = analyses.get(j);
                Path file = a.dir.resolve("cross-seed-cka-" + b.id + "-" + images + ".csv");
                if (!Files.exists(file)) {
                    int last = a.run.config().epochs();
                    if (!Files.exists(a.run.dir().checkpoints().zip(last)) || !Files.exists(b.run.dir().checkpoints().zip(last))) {
                        log.warn("cross-seed CKA of runs {} and {} left out: not cached in {} and a final checkpoint is "
                                + "missing", a.id, b.id, a.dir);
                        continue;
                    }
                    a.write(crossSeedCka(List.of(a.run, b.run), a.data, images), file);
                }
                pairs.add(a.read(file, STRING, INTEGER, LONG, LONG, INTEGER, DOUBLE));
            }
        }
        Table t = Table.create("cross-seed-cka", StringColumn.create("layer"), IntColumn.create("depth"),
                LongColumn.create("seed_a"), LongColumn.create("seed_b"), IntColumn.create("images"), DoubleColumn.create("cka"));
        int depths = pairs.stream().mapToInt(p -> p.rowCount()).max().orElse(0);
        for (int d = 1; d <= depths; d++) {
            for (Table p : pairs) {
                Table row = p.where(p.intColumn("depth").isEqualTo(d));
                if (row.rowCount() > 0) {
                    t.append(row);
                }
            }
        }
        return t;
    }

    /** Layers compared by CKA: all but the input (whose CKA with itself is 1 at every epoch). */
    private static List<String> comparedLayers(MultiLayerNetwork net) {
        return Representations.layers(net).keySet().stream().filter(l -> !l.equals(Representations.INPUT)).toList();
    }

    private Map<String, INDArray> representations(MultiLayerNetwork net, int epoch, List<String> layers, INDArray images) {
        try {
            return Representations.of(net, images, layers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("run " + id + ", epoch " + epoch + ": " + e.getMessage(), e);
        }
    }

    private INDArray testImages(int n) {
        Split test = data.test().first(n);
        return test.features(test.naturalOrder(), 0, test.size());
    }

    private static double accuracy(MultiLayerNetwork net, INDArray images, int[] labels) {
        int right = 0;
        long n = images.size(0);
        for (long start = 0; start < n; start += Activations.DEFAULT_BATCH_SIZE) {
            long end = Math.min(n, start + Activations.DEFAULT_BATCH_SIZE);
            INDArray out = net.output(images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end)), false);
            INDArray predicted = Nd4j.argMax(out, 1);
            for (long i = start; i < end; i++) {
                if (predicted.getInt((int) (i - start)) == labels[(int) i]) {
                    right++;
                }
            }
        }
        return (double) right / n;
    }

    private static double[] sample(double[] values, int k, long seed) {
        if (values.length <= k) {
            return values;
        }
        double[] copy = values.clone();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) { // partial Fisher-Yates: the first k are a uniform sample without replacement
            int j = i + r.nextInt(copy.length - i);
            double t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return java.util.Arrays.copyOf(copy, k);
    }

    private static final ColumnType STRING = ColumnType.STRING;
    private static final ColumnType LONG = ColumnType.LONG;
    private static final ColumnType INTEGER = ColumnType.INTEGER;
    private static final ColumnType DOUBLE = ColumnType.DOUBLE;

    private void write(Table t, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        TableFiles.writeCsv(t, file);
    }

    private Table read(Path file, ColumnType... types) throws IOException {
        try {
            return Table.read().usingOptions(CsvReadOptions.builder(file.toFile())
                    .tableName(file.getFileName().toString().replace(".csv", "")).columnTypes(types));
        } catch (RuntimeException e) {
            throw new IOException(file + ": unreadable analysis table (delete it to recompute): " + e.getMessage(), e);
        }
    }
}
