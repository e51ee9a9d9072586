package org.mnistdynamics.analysis;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.train.CheckpointStore;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.util.Interruption;
import org.mnistdynamics.util.TableFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
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
import java.util.TreeMap;

import static tech.tablesaw.api.ColumnType.DOUBLE;
import static tech.tablesaw.api.ColumnType.INTEGER;
import static tech.tablesaw.api.ColumnType.LONG;
import static tech.tablesaw.api.ColumnType.STRING;

/**
 * The training-dynamics measurements of one finished run, computed from its checkpoints and cached as CSV in
 * {@code <run>/analysis/} (so a notebook or a second call reads them instead of recomputing).
 *
 * <ul>
 *   <li>{@link #weightStatistics()}: per epoch (0 = initial weights), layer and parameter (W, b): count, mean,
 *       standard deviation, skewness, excess kurtosis, KS distance to a fitted Gaussian, bimodality coefficient,
 *       L2 distance from the initial values;</li>
 *   <li>{@link #weightHistograms()}: counts over bins shared by all epochs of a layer's parameter;</li>
 *   <li>{@link #filterStructure()}: per epoch and first-layer kernel, the energy share of its edge (Sobel) component
 *       and of its mean ({@link FilterStructure});</li>
 *   <li>{@link #deadUnits()}: fraction of ReLU units (dense) or channels (conv) that are zero for every image of a
 *       probe of {@value #PROBE_IMAGES} test images, per epoch;</li>
 *   <li>{@link #embeddings()} and {@link #separation()}: t-SNE (PCA to 50 first) and UMAP of the penultimate-layer
 *       activations of the first {@code points} test images at the initial, first and final epoch, with k-NN
 *       accuracy and silhouette of the digit labels in 2-D, wall time and the t-SNE heap estimate.</li>
 * </ul>
 */
public final class RunAnalysis {

    /** Test images probed for dead ReLU units. */
    public static final int PROBE_IMAGES = 1000;

    private static final Logger log = LoggerFactory.getLogger(RunAnalysis.class);

    private final RunResult run;
    private final DatasetSplits data;
    private final int points;
    private final Path dir;

    /**
     * @param run    a completed run
     * @param data   its dataset
     * @param points test images embedded (t-SNE cost grows as points², see {@link TsneOptions#DEFAULT_MAX_POINTS})
     * @throws IllegalArgumentException if the run is not completed, or was trained on another dataset than {@code data}
     */
    public RunAnalysis(RunResult run, DatasetSplits data, int points) {
        this(run, data, points, run.dir().path().resolve("analysis"));
    }

    /**
     * @param run    a completed run; without checkpoints every table must already be in {@code cache}
     *               ({@link #isComplete})
     * @param data   its dataset
     * @param points test images embedded (t-SNE cost grows as points², see {@link TsneOptions#DEFAULT_MAX_POINTS})
     * @param cache  folder of the analysis tables, e.g. beside the run's committed record (created when first written)
     * @throws IllegalArgumentException as {@link #RunAnalysis(RunResult, DatasetSplits, int)}
     */
    public RunAnalysis(RunResult run, DatasetSplits data, int points, Path cache) {
        if (!run.status().completed()) {
            throw new IllegalArgumentException("run " + run.config().runId() + " is not completed (" + run.status().state() + ")");
        }
        // A run's activations on another dataset's images would give plausible-looking but meaningless numbers.
        if (!run.config().dataset().equals(data.spec().name())) {
            throw new IllegalArgumentException("run " + run.config().runId() + " was trained on " + run.config().dataset()
                    + " but the images given are " + data.spec().name() + "; analyse a run with its own dataset");
        }
        this.run = run;
        this.data = data;
        this.points = Math.min(points, data.test().size());
        this.dir = cache;
    }

    /**
     * @param cache a folder of analysis tables
     * @return true if it holds every table of the analysis (weights, dead units, filters, embeddings, separation), so
     *         that reading them needs no checkpoint
     */
    public static boolean isComplete(Path cache) throws IOException {
        return weightsCached(cache) && embeddingsCached(cache);
    }

    private static boolean weightsCached(Path cache) {
        return Files.exists(cache.resolve("weight-stats.csv")) && Files.exists(cache.resolve("weight-histograms.csv"))
                && Files.exists(cache.resolve("dead-units.csv")) && Files.exists(cache.resolve("filter-structure.csv"));
    }

    /** (A separation table without the sampled/note columns is from before they existed: not cached.) */
    private static boolean embeddingsCached(Path cache) throws IOException {
        Path separation = cache.resolve("separation.csv");
        return Files.exists(cache.resolve("embeddings.csv")) && Files.exists(separation)
                && TableFiles.header(separation).contains("sampled");
    }

    /** @return the epochs embedded: initial, first and final */
    public List<Integer> embeddedEpochs() {
        int last = run.config().epochs();
        return last == 1 ? List.of(0, 1) : List.of(0, 1, last);
    }

    /** @return the run analysed */
    public RunResult run() {
        return run;
    }

    /** @return weight statistics, columns run_id, epoch, layer, parameter, count, mean, std, skewness, excess_kurtosis, ks_distance, bimodality, l2_from_initial */
    public Table weightStatistics() throws IOException {
        ensureWeights();
        return read("weight-stats.csv");
    }

    /** @return histogram counts, columns run_id, layer, parameter, epoch, bin, lower, upper, count */
    public Table weightHistograms() throws IOException {
        ensureWeights();
        return read("weight-histograms.csv");
    }

    /**
     * @return per epoch (0 = initial) and conv1 kernel: columns run_id, epoch, filter, edge_share, mean_share,
     *         orientation_degrees ({@link FilterStructure})
     */
    public Table filterStructure() throws IOException {
        ensureWeights();
        return read("filter-structure.csv");
    }

    /**
     * @return per epoch: columns epoch, filters, median_edge_share, edge_like (number of kernels with edge share above
     *         {@value FilterStructure#EDGE_LIKE}), median_mean_share; the random level of the edge share is
     *         {@link FilterStructure#randomExpectation}
     */
    public Table filterStructureByEpoch() throws IOException {
        Table t = filterStructure();
        Table out = Table.create("filter-structure-by-epoch", IntColumn.create("epoch"), IntColumn.create("filters"),
                DoubleColumn.create("median_edge_share"), IntColumn.create("edge_like"), DoubleColumn.create("median_mean_share"));
        for (int epoch = 0; epoch <= run.config().epochs(); epoch++) {
            Table e = t.where(t.intColumn("epoch").isEqualTo(epoch));
            FilterStructure f = new FilterStructure(e.doubleColumn("edge_share").asDoubleArray(),
                    e.doubleColumn("mean_share").asDoubleArray(), e.doubleColumn("orientation_degrees").asDoubleArray());
            out.intColumn("epoch").append(epoch);
            out.intColumn("filters").append(e.rowCount());
            out.doubleColumn("median_edge_share").append(f.medianEdgeShare());
            out.intColumn("edge_like").append(f.edgeLikeCount());
            out.doubleColumn("median_mean_share").append(f.medianMeanShare());
        }
        return out;
    }

    /** @return dead ReLU units, columns run_id, epoch, layer, units, dead, fraction */
    public Table deadUnits() throws IOException {
        ensureWeights();
        return read("dead-units.csv");
    }

    /**
     * @return per layer's weights ("conv1 W", ...), the histograms over epochs with shared bins, for Figure 2
     */
    public List<EpochHistograms> weightHistogramsByLayer() throws IOException {
        Table t = weightHistograms();
        Map<String, TreeMap<Integer, long[]>> counts = new LinkedHashMap<>();
        Map<String, double[]> range = new LinkedHashMap<>();
        Map<String, Integer> bins = new LinkedHashMap<>();
        for (Row r : t) {
            if (!r.getString("parameter").equals("W")) {
                continue;
            }
            String label = r.getString("layer") + " W";
            bins.merge(label, r.getInt("bin") + 1, Math::max);
            range.merge(label, new double[]{r.getDouble("lower"), r.getDouble("upper")},
                    (a, b) -> new double[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        for (Row r : t) {
            if (!r.getString("parameter").equals("W")) {
                continue;
            }
            String label = r.getString("layer") + " W";
            counts.computeIfAbsent(label, k -> new TreeMap<>())
                    .computeIfAbsent(r.getInt("epoch"), e -> new long[bins.get(label)])[r.getInt("bin")] = r.getLong("count");
        }
        List<EpochHistograms> out = new ArrayList<>();
        counts.forEach((label, byEpoch) -> out.add(new EpochHistograms(label,
                SharedBins.ofRange(range.get(label)[0], range.get(label)[1], bins.get(label)), byEpoch)));
        return out;
    }

    /** @return embedding coordinates, columns run_id, epoch, method, index, label, x, y */
    public Table embeddings() throws IOException {
        ensureEmbeddings();
        return read("embeddings.csv");
    }

    /**
     * @return separation scores, columns run_id, epoch, method, points (embedded), knn_accuracy, silhouette, seconds,
     *         heap_estimate_mb, sampled (points given to the method; UMAP may keep fewer) and note (how many were kept
     *         and why the scores are NaN when too few were kept to score, else empty)
     */
    public Table separation() throws IOException {
        ensureEmbeddings();
        return read("separation.csv");
    }

    /**
     * @param epoch  an embedded epoch
     * @param method {@code tsne} or {@code umap}
     * @return its 2-D points and labels
     */
    public Embedding embedding(int epoch, String method) throws IOException {
        Table t = embeddings();
        Table e = t.where(t.intColumn("epoch").isEqualTo(epoch).and(t.stringColumn("method").isEqualTo(method)));
        if (e.rowCount() == 0) {
            throw new IllegalArgumentException("no " + method + " embedding of epoch " + epoch + "; epochs " + embeddedEpochs());
        }
        int n = e.rowCount();
        double[][] xy = new double[n][2];
        int[] labels = new int[n];
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            xy[i][0] = e.doubleColumn("x").get(i);
            xy[i][1] = e.doubleColumn("y").get(i);
            labels[i] = e.intColumn("label").get(i);
            indices[i] = e.intColumn("index").get(i);
        }
        Table sep = separation();
        Table row = sep.where(sep.intColumn("epoch").isEqualTo(epoch).and(sep.stringColumn("method").isEqualTo(method)));
        int sampled = row.rowCount() == 0 ? n : row.intColumn("sampled").get(0);
        return new Embedding(method, indices, xy, labels, run.config().seed(), Double.NaN, Double.NaN, sampled);
    }

    /**
     * @param epoch 0 (initial weights) .. the run's epochs
     * @return the network of that checkpoint
     * @throws IllegalStateException naming the run and folder if the checkpoint is not on disk (an analysis read from
     *                               the committed record)
     * @throws IOException           if the checkpoint cannot be read
     */
    public MultiLayerNetwork network(int epoch) throws IOException {
        var store = run.dir().checkpoints();
        if (!Files.exists(store.zip(epoch))) {
            throw new IllegalStateException("run " + run.config().runId() + ": no checkpoint of epoch " + epoch + " in "
                    + store.zip(epoch).getParent() + " (its analysis tables come from the committed record); train the "
                    + "run again for its networks (deterministic: leave recorded-only mode, or bin/mnist-dynamics sweep "
                    + "--retrain)");
        }
        return store.load(epoch);
    }

    private void ensureWeights() throws IOException {
        if (weightsCached(dir)) {
            return;
        }
        String id = run.config().runId();
        CheckpointStore store = run.dir().checkpoints();
        Split test = data.test();
        INDArray probe = test.features(test.naturalOrder(), 0, Math.min(PROBE_IMAGES, test.size()));
        Map<String, Map<Integer, double[]>> values = new LinkedHashMap<>();
        Map<String, double[]> initial = new LinkedHashMap<>();
        Table stats = Table.create("weight-stats", StringColumn.create("run_id"), IntColumn.create("epoch"),
                StringColumn.create("layer"), StringColumn.create("parameter"), LongColumn.create("count"),
                DoubleColumn.create("mean"), DoubleColumn.create("std"), DoubleColumn.create("skewness"),
                DoubleColumn.create("excess_kurtosis"), DoubleColumn.create("ks_distance"),
                DoubleColumn.create("bimodality"), DoubleColumn.create("l2_from_initial"));
        Table dead = Table.create("dead-units", StringColumn.create("run_id"), IntColumn.create("epoch"),
                StringColumn.create("layer"), IntColumn.create("units"), IntColumn.create("dead"), DoubleColumn.create("fraction"));
        Table filters = Table.create("filter-structure", StringColumn.create("run_id"), IntColumn.create("epoch"),
                IntColumn.create("filter"), DoubleColumn.create("edge_share"), DoubleColumn.create("mean_share"),
                DoubleColumn.create("orientation_degrees"));
        for (int epoch = 0; epoch <= run.config().epochs(); epoch++) {
            Interruption.check("weight analysis of run " + run.config().runId() + " (checkpoint " + epoch + ")");
            MultiLayerNetwork net = store.load(epoch);
            for (LayerParameter p : NetworkParameters.of(net)) {
                String key = p.layerName() + "\t" + p.key();
                values.computeIfAbsent(key, k -> new TreeMap<>()).put(epoch, p.values());
                if (epoch == 0) {
                    initial.put(key, p.values());
                }
                WeightStatistics s = WeightStatistics.of(p.values());
                stats.stringColumn("run_id").append(id);
                stats.intColumn("epoch").append(epoch);
                stats.stringColumn("layer").append(p.layerName());
                stats.stringColumn("parameter").append(p.key());
                stats.longColumn("count").append(s.count());
                stats.doubleColumn("mean").append(s.mean());
                stats.doubleColumn("std").append(s.standardDeviation());
                stats.doubleColumn("skewness").append(s.skewness());
                stats.doubleColumn("excess_kurtosis").append(s.excessKurtosis());
                stats.doubleColumn("ks_distance").append(s.ksDistanceToGaussian());
                stats.doubleColumn("bimodality").append(s.bimodalityCoefficient());
                stats.doubleColumn("l2_from_initial").append(WeightStatistics.l2Distance(p.values(), initial.get(key)));
            }
            FilterStructure f = FilterStructure.of(Activations.firstLayerFilters(net));
            for (int i = 0; i < f.edgeShare().length; i++) {
                filters.stringColumn("run_id").append(id);
                filters.intColumn("epoch").append(epoch);
                filters.intColumn("filter").append(i);
                filters.doubleColumn("edge_share").append(f.edgeShare()[i]);
                filters.doubleColumn("mean_share").append(f.meanShare()[i]);
                filters.doubleColumn("orientation_degrees").append(f.orientation()[i]);
            }
            for (DeadUnits d : Activations.deadReluUnits(net, probe)) {
                dead.stringColumn("run_id").append(id);
                dead.intColumn("epoch").append(epoch);
                dead.stringColumn("layer").append(d.layerName());
                dead.intColumn("units").append(d.units());
                dead.intColumn("dead").append(d.dead());
                dead.doubleColumn("fraction").append(d.fraction());
            }
        }
        Table hist = Table.create("weight-histograms", StringColumn.create("run_id"), StringColumn.create("layer"),
                StringColumn.create("parameter"), IntColumn.create("epoch"), IntColumn.create("bin"),
                DoubleColumn.create("lower"), DoubleColumn.create("upper"), LongColumn.create("count"));
        values.forEach((key, byEpoch) -> {
            String[] lp = key.split("\t");
            EpochHistograms h = EpochHistograms.of(lp[0] + " " + lp[1], byEpoch, SharedBins.DEFAULT_BIN_COUNT);
            double[] edges = h.bins().edges();
            h.countsByEpoch().forEach((epoch, counts) -> {
                for (int b = 0; b < counts.length; b++) {
                    hist.stringColumn("run_id").append(id);
                    hist.stringColumn("layer").append(lp[0]);
                    hist.stringColumn("parameter").append(lp[1]);
                    hist.intColumn("epoch").append(epoch);
                    hist.intColumn("bin").append(b);
                    hist.doubleColumn("lower").append(edges[b]);
                    hist.doubleColumn("upper").append(edges[b + 1]);
                    hist.longColumn("count").append(counts[b]);
                }
            });
        });
        write(hist, "weight-histograms.csv");
        write(dead, "dead-units.csv");
        write(filters, "filter-structure.csv");
        write(stats, "weight-stats.csv"); // last: its presence marks the weight analysis complete
    }

    private void ensureEmbeddings() throws IOException {
        if (embeddingsCached(dir)) {
            return;
        }
        String id = run.config().runId();
        long seed = run.config().seed();
        Split test = data.test().first(points);
        INDArray images = test.features(test.naturalOrder(), 0, test.size());
        Table coords = Table.create("embeddings", StringColumn.create("run_id"), IntColumn.create("epoch"),
                StringColumn.create("method"), IntColumn.create("index"), IntColumn.create("label"),
                DoubleColumn.create("x"), DoubleColumn.create("y"));
        Table sep = Table.create("separation", StringColumn.create("run_id"), IntColumn.create("epoch"),
                StringColumn.create("method"), IntColumn.create("points"), DoubleColumn.create("knn_accuracy"),
                DoubleColumn.create("silhouette"), DoubleColumn.create("seconds"), DoubleColumn.create("heap_estimate_mb"),
                IntColumn.create("sampled"), StringColumn.create("note"));
        for (int epoch : embeddedEpochs()) {
            double[][] activations = Activations.penultimate(network(epoch), images);
            for (String method : List.of("tsne", "umap")) {
                Interruption.check("embedding analysis of run " + id + " (" + method + ", epoch " + epoch + ")");
                Embedding e;
                try {
                    e = method.equals("tsne")
                            ? Embeddings.tsne(activations, test.labels(), TsneOptions.defaults(seed).withMaxPoints(points))
                            : Embeddings.umap(activations, test.labels(), UmapOptions.defaults(seed).withMaxPoints(points));
                } catch (Embeddings.NoVarianceException x) {
                    throw new Embeddings.NoVarianceException("run " + id + ", layer " + Activations.penultimateLayerIndex(network(epoch))
                            + " (penultimate, dense), epoch " + epoch + ": " + x.getMessage() + "; the run has no "
                            + "representation to embed (did it learn? see its accuracy)");
                }
                double seconds = e.seconds();
                Separation.Scores s = Separation.of(e);
                log.info("{} epoch {} {}: {} points, k-NN accuracy {}, silhouette {}, {} s", id, epoch, method, e.size(),
                        s.knnAccuracy(), s.silhouette(), seconds);
                for (int i = 0; i < e.size(); i++) {
                    coords.stringColumn("run_id").append(id);
                    coords.intColumn("epoch").append(epoch);
                    coords.stringColumn("method").append(method);
                    coords.intColumn("index").append(e.indices()[i]);
                    coords.intColumn("label").append(e.labels()[i]);
                    coords.doubleColumn("x").append(e.coordinates()[i][0]);
                    coords.doubleColumn("y").append(e.coordinates()[i][1]);
                }
                sep.stringColumn("run_id").append(id);
                sep.intColumn("epoch").append(epoch);
                sep.stringColumn("method").append(method);
                sep.intColumn("points").append(e.size());
                sep.doubleColumn("knn_accuracy").append(s.knnAccuracy());
                sep.doubleColumn("silhouette").append(s.silhouette());
                sep.doubleColumn("seconds").append(seconds);
                sep.doubleColumn("heap_estimate_mb").append(method.equals("tsne") ? Embeddings.tsneHeapBytes(e.size()) / 1e6 : Double.NaN);
                sep.intColumn("sampled").append(e.sampled());
                sep.stringColumn("note").append(s.note());
            }
        }
        write(coords, "embeddings.csv");
        write(sep, "separation.csv"); // last: its presence marks the embedding analysis complete
    }

    private void write(Table t, String name) throws IOException {
        TableFiles.writeCsv(t, dir.resolve(name));
    }

    /** Column types of each cached table, so that NaN statistics (constant biases at epoch 0) stay doubles. */
    private static final Map<String, ColumnType[]> TYPES = Map.of(
            "weight-stats.csv", new ColumnType[]{STRING, INTEGER, STRING, STRING, LONG, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE},
            "weight-histograms.csv", new ColumnType[]{STRING, STRING, STRING, INTEGER, INTEGER, DOUBLE, DOUBLE, LONG},
            "dead-units.csv", new ColumnType[]{STRING, INTEGER, STRING, INTEGER, INTEGER, DOUBLE},
            "filter-structure.csv", new ColumnType[]{STRING, INTEGER, INTEGER, DOUBLE, DOUBLE, DOUBLE},
            "embeddings.csv", new ColumnType[]{STRING, INTEGER, STRING, INTEGER, INTEGER, DOUBLE, DOUBLE},
            "separation.csv", new ColumnType[]{STRING, INTEGER, STRING, INTEGER, DOUBLE, DOUBLE, DOUBLE, DOUBLE, INTEGER, STRING});

    private Table read(String name) throws IOException {
        Path file = dir.resolve(name);
        try {
            return Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).tableName(name.replace(".csv", ""))
                    .columnTypes(TYPES.get(name)));
        } catch (RuntimeException e) {
            throw new IOException(file + ": unreadable analysis table (delete it to recompute): " + e.getMessage(), e);
        }
    }
}
