package org.mnistdynamics.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistdynamics.data.DatasetFetcher;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.experiment.ProjectPaths;
import org.mnistdynamics.train.InputLayout;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.Json;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;
import org.nd4j.linalg.profiler.data.StringAggregator;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per-operation profile of one training step on both sides of the benchmark ({@code bench --op-profile},
 * {@code results/bench-ops.csv}).
 *
 * <p>Java ({@link #profileJava}, in a {@link ProfileChild} with {@code --ops}): the wall time of a training step
 * ({@code fit} + score, as {@link BenchChild}); each layer's forward and backward time ({@link LayerTimer}); the
 * time of every ND4J op call by op name, from ND4J's {@link OpProfiler} (elapsed-time check on); and every oneDNN
 * primitive (convolution, pooling, reorder, ...) that libnd4j executed in the profiled steps, from oneDNN's own
 * verbose log ({@code DNNL_VERBOSE=1} with timestamps, set by the parent; the child's standard output), attributed
 * to a layer by its shapes. "Outside ops" is the step time minus the time of all ND4J op calls: Java, JNI, workspaces,
 * DL4J bookkeeping.
 *
 * <p>PyTorch (scripts/bench/pytorch_peer.py {@code --profile}): torch.profiler's self CPU time per ATen operator,
 * attributed to phase (forward, backward, update, data) and layer.
 *
 * <p>Table columns: {@code side} (java or pytorch), {@code configuration}, {@code source} (step, layer, op,
 * onednn, torch), {@code phase}, {@code layer}, {@code op}, {@code calls_per_step}, {@code ms_per_step}.
 */
public final class OpProfile {

    /** Prefix of the Java child's result line. */
    public static final String PREFIX = "OP-PROFILE-RESULT ";
    /** Printed by the Java child (with the epoch millisecond) around the steps whose oneDNN primitives count. */
    static final String BEGIN = "OP-PROFILE-BEGIN ";
    static final String END = "OP-PROFILE-END ";

    private OpProfile() {
    }

    /**
     * One row of the table.
     *
     * @param side          java or pytorch
     * @param configuration set-up name
     * @param source        step, layer, op, onednn or torch
     * @param phase         forward, backward, update, data, step, ...
     * @param layer         conv1, pool1, conv2, pool2, dense, output, or - if not attributable
     * @param op            operation name
     * @param callsPerStep  calls per training step
     * @param msPerStep     milliseconds per training step (self time for torch)
     */
    public record Row(@JsonProperty("side") String side, @JsonProperty("configuration") String configuration,
                      @JsonProperty("source") String source, @JsonProperty("phase") String phase,
                      @JsonProperty("layer") String layer, @JsonProperty("op") String op,
                      @JsonProperty("callsPerStep") double callsPerStep, @JsonProperty("msPerStep") double msPerStep) {
    }

    /**
     * What the Java child measured.
     *
     * @param setUp         the set-up
     * @param stepMs        median wall time of a training step (no profiling), ms
     * @param profiledStepMs mean wall time of a step with ND4J's op profiler on, ms
     * @param steps         profiled steps
     * @param layers        per-layer forward/backward time per mini-batch
     * @param ops           ND4J op name -> [calls, total ms] over the profiled steps
     * @param beginMillis   epoch ms when the oneDNN-counted steps began
     * @param endMillis     epoch ms when they ended
     */
    public record JavaSteps(@JsonProperty("setUp") SetUp setUp, @JsonProperty("stepMs") double stepMs,
                            @JsonProperty("profiledStepMs") double profiledStepMs, @JsonProperty("steps") int steps,
                            @JsonProperty("layers") List<LayerTimer.LayerTime> layers,
                            @JsonProperty("ops") Map<String, double[]> ops,
                            @JsonProperty("beginMillis") double beginMillis, @JsonProperty("endMillis") double endMillis) {
    }

    /**
     * Runs in the child JVM: see the class comment.
     *
     * @param setUp      the set-up
     * @param projectDir project root
     * @param warmup     untimed warm-up steps
     * @param steps      profiled steps
     * @return the measurements
     * @throws IOException if the data cannot be read
     */
    public static JavaSteps profileJava(SetUp setUp, Path projectDir, int warmup, int steps) throws IOException {
        int batch = RunConfig.PAPER_BATCH_SIZE;
        int total = warmup + 3 * steps;
        Split train = new DatasetFetcher(new ProjectPaths(projectDir).data(), Optional.empty())
                .load(DatasetRegistry.MNIST).train().first(Math.min(total, 55_000 / batch) * batch);
        MultiLayerNetwork net = new MultiLayerNetwork(setUp.model().toConfiguration(
                OptimizerSpec.paperDefault("adam").toUpdater(RunConfig.PAPER_EPOCHS), 42, setUp.runtime()));
        net.init();
        Nd4j.getRandom().setSeed(42);
        BatchSource.Gather source = new BatchSource.Gather(train, new InputLayout(setUp.layout()), batch, 42);
        for (int i = 0; i < warmup; i++) {
            step(net, source.next());
        }
        double[] times = new double[steps];
        System.out.println(BEGIN + System.currentTimeMillis());
        System.out.flush();
        double begin = System.currentTimeMillis();
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step(net, source.next());
            times[i] = (System.nanoTime() - t0) / 1e6;
        }
        double end = System.currentTimeMillis();
        System.out.println(END + System.currentTimeMillis());
        System.out.flush();

        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < steps + 1; i++) {
            batches.add(source.next());
        }
        List<LayerTimer.LayerTime> layers = LayerTimer.time(net, batches);

        OpProfiler.getInstance().reset();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step(net, source.next());
        }
        double profiled = (System.nanoTime() - t0) / 1e6 / steps;
        Map<String, double[]> ops = opTimes(OpProfiler.getInstance());
        return new JavaSteps(setUp, GemmRate.median(times), profiled, steps, layers, ops, begin, end);
    }

    private static void step(MultiLayerNetwork net, DataSet ds) {
        net.fit(ds);
        if (!Double.isFinite(net.score())) {
            throw new IllegalStateException("non-finite training loss in the op profile");
        }
    }

    /**
     * Reads ND4J's op profiler (its aggregators keep their maps in private fields): per op class
     * ({@code CustomOp}, {@code TransformOp}, ...) {@code [calls, total ms]}, and per op name ({@code "name: conv2d"})
     * {@code [calls, NaN]} (the profiler times classes only).
     */
    static Map<String, double[]> opTimes(OpProfiler profiler) {
        Map<String, double[]> out = new TreeMap<>();
        try {
            StringAggregator agg = profiler.getClassAggergator();
            Field f = StringAggregator.class.getDeclaredField("times");
            f.setAccessible(true);
            Method sum = StringAggregator.class.getDeclaredMethod("getSum", String.class);
            sum.setAccessible(true);
            for (Object key : ((Map<?, ?>) f.get(agg)).keySet()) {
                String k = key.toString();
                out.put(k, new double[]{profiler.getClassCounter().getCount(k), (Long) sum.invoke(agg, k) / 1e6});
            }
            Field c = org.nd4j.linalg.profiler.data.StringCounter.class.getDeclaredField("counter");
            c.setAccessible(true);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) c.get(profiler.getOpCounter())).entrySet()) {
                out.put("name: " + e.getKey(), new double[]{Double.parseDouble(e.getValue().toString()), Double.NaN});
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read ND4J's op profiler (" + e + ")", e);
        }
        return out;
    }

    /**
     * Parses oneDNN 2.x verbose lines ({@code dnnl_verbose,<timestamp ms>,exec,cpu,<primitive>,<impl>,<prop>,<formats>,
     * <attr>,<alg>,<shapes>,<time ms>}) printed between {@code beginMillis} and {@code endMillis}.
     *
     * @param lines      the child's standard output
     * @param beginMillis window start, epoch ms
     * @param endMillis   window end, epoch ms
     * @param steps       steps in the window
     * @return per (primitive, prop, layer): [calls per step, ms per step]
     */
    static Map<List<String>, double[]> onednn(List<String> lines, double beginMillis, double endMillis, int steps) {
        Map<List<String>, double[]> out = new TreeMap<>((a, b) -> String.join("|", a).compareTo(String.join("|", b)));
        for (String line : lines) {
            if (!line.startsWith("dnnl_verbose,")) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 12 || !f[2].equals("exec")) {
                continue;
            }
            double ts;
            try {
                ts = Double.parseDouble(f[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (ts < beginMillis || ts > endMillis) {
                continue;
            }
            String primitive = f[4];
            String impl = f[5];
            String prop = f[6];
            String shapes = f[f.length - 2];
            double ms = Double.parseDouble(f[f.length - 1]);
            String kind = primitive.equals("reorder") ? "reorder" : primitive + " " + prop;
            List<String> key = List.of(kind + " (" + impl + ")", layerOf(primitive, shapes));
            double[] v = out.computeIfAbsent(key, k -> new double[2]);
            v[0] += 1.0 / steps;
            v[1] += ms / steps;
        }
        return out;
    }

    /** @return the baseline's layer a oneDNN primitive with these shapes belongs to, or - */
    static String layerOf(String primitive, String shapes) {
        if (primitive.equals("convolution")) {
            return shapes.contains("ic1") ? "conv1" : shapes.contains("ic32") ? "conv2" : "-";
        }
        if (primitive.startsWith("pooling")) {
            return shapes.contains("ic32") ? "pool1" : shapes.contains("ic64") ? "pool2" : "-";
        }
        if (primitive.equals("reorder")) {
            // e.g. 128x32x28x28 (conv1 activations), 32x1x3x3 (conv1 weights), 64x32x3x3, 128x64x14x14 ...
            if (shapes.matches(".*\\b\\d+x32x28x28\\b.*") || shapes.matches(".*\\b32x1x3x3\\b.*") || shapes.matches(".*\\b\\d+x1x28x28\\b.*")) {
                return "conv1";
            }
            if (shapes.matches(".*\\b\\d+x64x14x14\\b.*") || shapes.matches(".*\\b64x32x3x3\\b.*") || shapes.matches(".*\\b\\d+x32x14x14\\b.*")) {
                return "conv2";
            }
            return "-";
        }
        if (primitive.equals("matmul") || primitive.equals("inner_product")) {
            return shapes.contains("3136") ? "dense" : "-";
        }
        return "-";
    }

    /**
     * Turns a Java child's output into table rows.
     *
     * @param steps   the child's result
     * @param stdout  the child's standard output (oneDNN verbose lines)
     * @return rows: step time (plain and with the op profiler), per layer forward/backward, per ND4J op, per oneDNN
     *         primitive, and the time outside ND4J ops
     */
    public static List<Row> javaRows(JavaSteps steps, List<String> stdout) {
        String name = steps.setUp().name();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("java", name, "step", "step", "-", "wall time per step", 1, steps.stepMs()));
        rows.add(new Row("java", name, "step", "step", "-", "wall time per step with the op profiler", 1, steps.profiledStepMs()));
        for (LayerTimer.LayerTime l : steps.layers()) {
            rows.add(new Row("java", name, "layer", "forward", l.name(), "layer forward (LayerTimer)", 1, l.forwardMs()));
            rows.add(new Row("java", name, "layer", "backward", l.name(), "layer backward (LayerTimer)", 1, l.backwardMs()));
        }
        double opsMs = 0;
        for (Map.Entry<String, double[]> e : steps.ops().entrySet()) {
            double ms = e.getValue()[1] / steps.steps();
            if (Double.isFinite(ms)) {
                opsMs += ms;
            }
            rows.add(new Row("java", name, "op", "-", "-", e.getKey(), e.getValue()[0] / steps.steps(), ms));
        }
        rows.add(new Row("java", name, "op", "outside ops", "-", "Java, JNI, workspaces, DL4J (step with profiler minus ops)",
                Double.NaN, steps.profiledStepMs() - opsMs));
        double onednnMs = 0;
        for (Map.Entry<List<String>, double[]> e : onednn(stdout, steps.beginMillis(), steps.endMillis(), steps.steps()).entrySet()) {
            String op = e.getKey().get(0);
            String phase = op.contains("forward") ? "forward" : op.contains("backward") ? "backward" : op.startsWith("reorder") ? "reorder" : "-";
            rows.add(new Row("java", name, "onednn", phase, e.getKey().get(1), op, e.getValue()[0], e.getValue()[1]));
            onednnMs += e.getValue()[1];
        }
        rows.add(new Row("java", name, "onednn", "outside onednn", "-", "step minus oneDNN primitives (ND4J's own kernels: "
                + "matmul, bias, ReLU, softmax, Adam, copies; Java, JNI, workspaces)", Double.NaN, steps.stepMs() - onednnMs));
        return rows;
    }

    /**
     * Reads the PyTorch peer's profile ({@code --profile} JSON: phase, layer, op, calls, self_ms per step).
     *
     * @param peer the peer set-up
     * @param file its JSON
     * @return rows with source {@code torch} (and {@code step} for the wall time)
     * @throws IOException if the file cannot be read
     */
    public static List<Row> readPeer(PeerSetUp peer, Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Map<?, ?> m : Json.JSON.readValue(Files.readString(file), Map[].class)) {
            String phase = m.get("phase").toString();
            rows.add(new Row("pytorch", peer.name(), phase.equals("step") ? "step" : "torch", phase, m.get("layer").toString(),
                    m.get("op").toString(), ((Number) m.get("calls")).doubleValue(), ((Number) m.get("self_ms")).doubleValue()));
        }
        return rows;
    }

    /**
     * @param rows rows
     * @param file CSV target, written atomically
     * @throws IOException naming the file
     */
    public static void writeCsv(List<Row> rows, Path file) throws IOException {
        Table t = Table.create("ops", StringColumn.create("side"), StringColumn.create("configuration"),
                StringColumn.create("source"), StringColumn.create("phase"), StringColumn.create("layer"),
                StringColumn.create("op"), DoubleColumn.create("calls_per_step"), DoubleColumn.create("ms_per_step"));
        for (Row r : rows) {
            t.stringColumn("side").append(r.side());
            t.stringColumn("configuration").append(r.configuration());
            t.stringColumn("source").append(r.source());
            t.stringColumn("phase").append(r.phase());
            t.stringColumn("layer").append(r.layer());
            t.stringColumn("op").append(r.op());
            t.doubleColumn("calls_per_step").append(Double.isFinite(r.callsPerStep()) ? Math.round(r.callsPerStep() * 100) / 100.0 : Double.NaN);
            t.doubleColumn("ms_per_step").append(Double.isFinite(r.msPerStep()) ? Math.round(r.msPerStep() * 1000) / 1000.0 : Double.NaN);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        t.write().csv(CsvWriteOptions.builder(buffer).header(true).build());
        AtomicFiles.write(file, buffer.toByteArray());
    }

    /** @return a short text summary per configuration: step time, sum by source and phase */
    public static String summary(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        Map<String, Map<String, Double>> by = new TreeMap<>();
        for (Row r : rows) {
            if (Double.isFinite(r.msPerStep())) {
                by.computeIfAbsent(r.side() + " " + r.configuration(), k -> new TreeMap<>())
                        .merge(r.source() + "/" + r.phase(), r.msPerStep(), Double::sum);
            }
        }
        by.forEach((k, v) -> {
            sb.append(k).append('\n');
            v.forEach((p, ms) -> sb.append(String.format(Locale.ROOT, "  %-28s %8.2f ms/step%n", p, ms)));
        });
        return sb.toString();
    }
}
