package org.mnistdynamics.bench;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.NativeBackend;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which set-ups one benchmark run times, in what order, and which one wins.
 *
 * <p>Full run, one factor at a time around the best so far (each set-up once):
 * <ol>
 *   <li>{@code reference}: {@link SetUp#STOCK};</li>
 *   <li>{@code classifier}: every nd4j-native build this CPU supports, DL4J helpers off and on, at the paper's
 *       kernel size (3x3), NCHW, DL4J's default modes;</li>
 *   <li>{@code kernel-layout}: the fastest so far with NHWC, and with 5x5 kernels in both layouts;</li>
 *   <li>{@code modes}: workspaces off; cache modes HOST and DEVICE;</li>
 *   <li>{@code pipeline}: pre-built mini-batches, asynchronous prefetch (informative: the Trainer gathers);</li>
 *   <li>{@code threads}: the fastest so far with its OpenMP threads pinned (or unpinned), one thread in one process,
 *       and two 1-thread processes side by side (a sweep's rate);</li>
 *   <li>{@code kernel-layout}: the winner with 5x5 kernels, if not measured yet (for the kernel-size decision).</li>
 * </ol>
 * The winner ({@link #chosen()}) is the fastest single-process set-up with 3x3 kernels and the Trainer's pipeline.
 * Medians within {@value #TIE} of the fastest count as ties (the repeat-to-repeat spread on a shared 2-core machine
 * is of that order): among tied candidates the one already chosen wins, else the first in the order above (plain
 * before AVX builds, DL4J defaults before other modes), so that a set-up changes only when it is clearly faster.
 *
 * <p>A child whose mean CPU utilisation ({@link ChildResult#cpuUtilisation()}) is below {@value #BUSY_MACHINE} did not
 * have the cores to itself (other processes ran); it is measured again, up to {@value #ATTEMPTS} times in all, and
 * the attempt with the highest utilisation is kept.
 * Quick run (CI): stock, the project's default set-up, that set-up without helpers, and it with its OpenMP threads
 * pinned (or unpinned, if the default pins them; {@link SetUp#pinned()}).
 *
 * <p>With a PyTorch peer ({@link #withPeer}), the run ends with rounds that alternate the chosen set-up (quick: the
 * project default) (quick: the project default and its pinned/unpinned twin) with the peer's eager and channels-last rows (and
 * both pinned too when a Java set-up is) ({@link PeerSetUp}, same thread count): the chosen
 * set-up's first measurement, eager, channels-last, then the three again for every further round. A row's median is
 * over the repeats of all its rounds. If the peer is unavailable its rows are recorded as skipped, with the reason.
 */
public final class BenchSession {

    /** Relative shortfall from the fastest median that still counts as a tie. */
    public static final double TIE = 0.05;
    /** Mean CPU utilisation below which a measurement is repeated. */
    public static final double BUSY_MACHINE = 0.85;
    /** Measurements of one set-up at most. */
    public static final int ATTEMPTS = 3;

    private final BenchRunner runner;
    private final PrintStream log;
    private final Map<Object, BenchRow> rows = new LinkedHashMap<>();
    private SetUp best;
    private PytorchPeer peer;
    private int peerRounds;

    /**
     * @param runner measures set-ups
     * @param log    progress lines
     */
    public BenchSession(BenchRunner runner, PrintStream log) {
        this.runner = runner;
        this.log = log;
    }

    /**
     * @param pytorch the PyTorch peer to compare with ({@code null}: none)
     * @param rounds  alternating rounds (at least 1)
     * @return this session
     */
    public BenchSession withPeer(PytorchPeer pytorch, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("peer rounds = " + rounds + ", expected at least 1");
        }
        this.peer = pytorch;
        this.peerRounds = rounds;
        return this;
    }

    /**
     * @param flags CPU flags
     * @return the set-up the project trains with by default on this CPU: {@link NativeBackend#bestFor}, helpers on
     *         with a oneDNN build, the paper's kernel size, {@link CnnSpec.RuntimeOptions#DEFAULT}, the Trainer's
     *         pipeline, all cores, OpenMP threads pinned ({@code bin/mnist-dynamics} sets
     *         {@link org.mnistdynamics.train.TrainingThreads#PINNED_ENVIRONMENT})
     */
    public static SetUp projectDefault(Set<String> flags) {
        CnnSpec.RuntimeOptions d = CnnSpec.RuntimeOptions.DEFAULT;
        String build = NativeBackend.bestFor(flags);
        return new SetUp(build, build.contains("onednn"), CnnSpec.BASELINE.kernelSize(), d.dataFormat(),
                d.workspaceMode(), d.cacheMode(), SetUp.Pipeline.GATHER, SetUp.STOCK.threads(), 1, true);
    }

    /**
     * @param classifiers builds to compare (each must be supported by this CPU)
     * @param groups      which groups to run besides the reference: classifier, kernel-layout, modes, pipeline, threads
     * @return all rows, in the order measured
     */
    public List<BenchRow> runFull(List<String> classifiers, Set<String> groups) {
        measure("reference", SetUp.STOCK);
        SetUp base = new SetUp("stock", false, CnnSpec.BASELINE.kernelSize(), CNN2DFormat.NCHW, WorkspaceMode.ENABLED,
                CacheMode.NONE, SetUp.Pipeline.GATHER, SetUp.STOCK.threads(), 1);
        SetUp best = base;
        if (groups.contains("classifier")) {
            List<SetUp> candidates = new ArrayList<>();
            for (String c : classifiers) {
                candidates.add(base.withBuild(c, false));
                candidates.add(base.withBuild(c, true));
            }
            best = fastest(measureAll("classifier", candidates), best);
        }
        if (groups.contains("kernel-layout")) {
            SetUp nhwc = best.withShape(3, CNN2DFormat.NHWC);
            best = fastest(measureAll("kernel-layout", List.of(nhwc)), best);
            measureAll("kernel-layout", List.of(best.withShape(5, CNN2DFormat.NCHW), best.withShape(5, CNN2DFormat.NHWC)));
        }
        if (groups.contains("modes")) {
            best = fastest(measureAll("modes", List.of(best.withModes(WorkspaceMode.ENABLED, CacheMode.HOST),
                    best.withModes(WorkspaceMode.ENABLED, CacheMode.DEVICE),
                    best.withModes(WorkspaceMode.NONE, CacheMode.NONE))), best);
        }
        if (groups.contains("pipeline")) {
            measureAll("pipeline", List.of(best.withPipeline(SetUp.Pipeline.PREBUILT), best.withPipeline(SetUp.Pipeline.ASYNC)));
        }
        if (groups.contains("threads")) {
            measureAll("threads", List.of(best.withPinned(!best.pinned()), best.withParallelism(1, 1),
                    best.withPinned(false).withParallelism(1, 2)));
        }
        measureAll("kernel-layout", List.of(best.withShape(5, best.layout())));
        this.best = best;
        comparePeers(List.of(best));
        return rows();
    }

    /**
     * @param flags CPU flags
     * @return rows of the quick run: stock, the project default, the project default without helpers
     */
    public List<BenchRow> runQuick(Set<String> flags) {
        SetUp def = projectDefault(flags);
        measure("reference", SetUp.STOCK);
        measureAll("classifier", List.of(def, def.withBuild(def.classifier(), !def.helpers())));
        SetUp other = def.withPinned(!def.pinned());
        measureAll("threads", List.of(other));
        this.best = def;
        comparePeers(List.of(def, other));
        return rows();
    }

    /** @return every row so far, in the order measured */
    public List<BenchRow> rows() {
        return new ArrayList<>(rows.values());
    }

    /**
     * @return the winner of the last run (see the class comment): single process, the paper's kernel size, the
     *         Trainer's pipeline; empty before a run or if it failed
     */
    public java.util.Optional<BenchRow> chosen() {
        return java.util.Optional.ofNullable(best == null ? null : rows.get(best)).filter(BenchRow::ok);
    }

    /** The alternating rounds of the class comment; nothing without a peer. */
    private void comparePeers(List<SetUp> javaSetUps) {
        if (peer == null) {
            return;
        }
        int threads = javaSetUps.get(0).threads();
        List<PeerSetUp> peers = new ArrayList<>(List.of(new PeerSetUp("eager", threads), new PeerSetUp("channels-last", threads)));
        if (javaSetUps.stream().anyMatch(SetUp::pinned)) { // the same OpenMP environment for the peer
            peers.add(new PeerSetUp("eager", threads, true));
            peers.add(new PeerSetUp("channels-last", threads, true));
        }
        for (int round = 1; round <= peerRounds; round++) {
            if (round > 1) {
                for (SetUp java : javaSetUps) {
                    String group = rows.containsKey(java) ? rows.get(java).group() : "classifier";
                    BenchRow again = attempt(java.name() + " (round " + round + ")", () -> new BenchRow(group, java, runner.measure(java), ""),
                            e -> new BenchRow(group, java, List.of(), e));
                    rows.merge(java, again, BenchRow::merge);
                }
            }
            for (PeerSetUp p : peers) {
                BenchRow row;
                try {
                    row = attempt(p.name() + (round > 1 ? " (round " + round + ")" : ""),
                            () -> new BenchRow("peer", p, List.of(peer.measure(p)), ""), e -> new BenchRow("peer", p, List.of(), e));
                } catch (Unavailable u) {
                    log.printf(Locale.ROOT, "[bench] PyTorch peer skipped: %s%n", u.getMessage());
                    for (PeerSetUp q : peers) {
                        rows.putIfAbsent(q, new BenchRow("peer", q, List.of(), BenchRow.SKIPPED + u.getMessage()));
                    }
                    return;
                }
                rows.merge(p, row, BenchRow::merge);
            }
        }
    }

    /** Thrown through {@link #attempt} when the peer cannot run at all. */
    private static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private interface Measurement {
        BenchRow run() throws IOException;
    }

    /**
     * Measures up to {@link #ATTEMPTS} times while the CPU utilisation shows that other processes took the cores, and
     * keeps the attempt with the highest utilisation.
     */
    private BenchRow attempt(String name, Measurement measurement, java.util.function.Function<String, BenchRow> failed) {
        long t0 = System.nanoTime();
        BenchRow row = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            BenchRow next;
            try {
                next = measurement.run();
            } catch (PytorchPeer.Unavailable e) {
                throw new Unavailable(e.getMessage());
            } catch (IOException e) {
                next = failed.apply(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if (row == null || !row.ok() || (next.ok() && next.cpuUtilisation() > row.cpuUtilisation())) {
                row = next;
            }
            if (!row.ok() || row.cpuUtilisation() >= BUSY_MACHINE) {
                break;
            }
            log.printf(Locale.ROOT, "[bench] %s: CPU utilisation %.2f, other processes took the cores%s%n", name,
                    row.cpuUtilisation(), attempt < ATTEMPTS ? "; measuring again" : "; keeping the best of " + ATTEMPTS);
        }
        log.printf(Locale.ROOT, "[bench] %-58s %s (%.0f s)%n", name,
                row.ok() ? String.format(Locale.ROOT, "%.1f images/s", row.imagesPerSecond()) : "FAILED: " + row.error().lines().findFirst().orElse(""),
                (System.nanoTime() - t0) / 1e9);
        return row;
    }

    private List<BenchRow> measureAll(String group, List<SetUp> setUps) {
        List<BenchRow> out = new ArrayList<>();
        for (SetUp s : setUps) {
            out.add(measure(group, s));
        }
        return out;
    }

    private BenchRow measure(String group, SetUp setUp) {
        BenchRow known = rows.get(setUp);
        if (known != null) {
            return known;
        }
        BenchRow row = attempt(setUp.name(), () -> new BenchRow(group, setUp, runner.measure(setUp), ""),
                e -> new BenchRow(group, setUp, List.of(), e));
        rows.put(setUp, row);
        return row;
    }

    /**
     * @return among the current best and the candidates (in that order), the first whose median is within
     *         {@link #TIE} of the fastest
     */
    private SetUp fastest(List<BenchRow> candidates, SetUp current) {
        List<BenchRow> all = new ArrayList<>();
        if (rows.containsKey(current)) {
            all.add(rows.get(current));
        }
        all.addAll(candidates);
        double top = all.stream().filter(BenchRow::ok).mapToDouble(BenchRow::imagesPerSecond).max().orElse(Double.NaN);
        return all.stream().filter(r -> r.ok() && r.imagesPerSecond() >= (1 - TIE) * top).findFirst()
                .map(BenchRow::setUp).orElse(current);
    }
}
