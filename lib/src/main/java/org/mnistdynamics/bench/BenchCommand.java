package org.mnistdynamics.bench;

import org.mnistdynamics.cli.options.CommonOptions;
import org.mnistdynamics.experiment.ProjectPaths;
import org.mnistdynamics.train.NativeBackend;
import org.mnistdynamics.train.Provenance;
import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bench}: times the baseline's training throughput for each candidate set-up (one child JVM each, see
 * {@link BenchSession}), measures ND4J's FP32 GEMM rate in the same run, prints a table and writes
 * {@code results/bench.csv} ({@link BenchReport}) and {@code results/bench.json} (provenance and the chosen set-up).
 * A full run takes about 8 minutes on 2 cores (11 with {@code --profile}); {@code --quick} (CI) about 1 minute and writes
 * under {@code runs/}. Other busy processes distort the numbers: pause them (the benchmark re-measures a set-up whose
 * CPU utilisation shows that it did not have the cores, see {@link BenchSession}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark training set-ups (ND4J builds, DL4J helpers, kernel size, layout, modes, pipelines, threads).")
public final class BenchCommand implements Callable<Integer> {

    /** Groups a full run can contain besides the reference. */
    public static final List<String> GROUPS = List.of("classifier", "kernel-layout", "modes", "pipeline", "threads");

    @Mixin
    CommonOptions common;
    @Option(names = "--quick", description = "CI mode: stock, the project default and it without helpers; few images.")
    boolean quick;
    @Option(names = "--groups", split = ",", description = "Groups to run (default: all of ${COMPLETION-CANDIDATES}).",
            completionCandidates = GroupCandidates.class)
    List<String> groups;
    @Option(names = "--classifiers", split = ",", description = "nd4j-native builds to compare (default: all this CPU supports).")
    List<String> classifiers;
    @Option(names = "--images", description = "Images per timed repeat (default: 4096; quick: 512).")
    Integer images;
    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats per set-up, at least 3; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;
    @Option(names = "--warmup", description = "Untimed warm-up images (default: 1024; quick: 256).")
    Integer warmup;
    @Option(names = "--gemm-size", defaultValue = "2048", description = "GEMM matrix side (default: ${DEFAULT-VALUE}).")
    int gemmSize;
    @Option(names = "--timeout", defaultValue = "600", description = "Seconds allowed per child process (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;
    @Option(names = "--output", description = "CSV to write (default: results/bench.csv; quick: runs/bench-quick.csv).")
    Path output;
    @Option(names = "--profile", description = "Also profile a real training epoch (phases and layers) of stock, the "
            + "previous default (-onednn-avx512, DL4J helpers off) and the chosen set-up; writes <output>-profile.csv "
            + "and <output>-layers.csv.")
    boolean profile;
    @Option(names = "--profile-only", description = "Only profile (no benchmark table); the chosen set-up is the project default.")
    boolean profileOnly;
    @Option(names = "--pytorch", description = "Also time the PyTorch peer (" + PytorchPeer.SCRIPT + ", eager and "
            + "channels-last) alternating with the chosen set-up; skipped with the reason if its environment "
            + PytorchPeer.VENV + "/ is missing.")
    boolean pytorch;
    @Option(names = "--pytorch-install", description = "Create the PyTorch peer's environment first if it is missing "
            + "(pip install -r " + PytorchPeer.REQUIREMENTS + ", about 5 GB); implies --pytorch.")
    boolean pytorchInstall;
    @Option(names = "--pytorch-rounds", defaultValue = "2", description = "Alternating rounds of the chosen set-up and the peer (default: ${DEFAULT-VALUE}).")
    int pytorchRounds;
    @Option(names = "--pytorch-python", hidden = true, description = "Python to run the peer with (default: the peer's environment).")
    Path pytorchPython;
    @Option(names = "--op-profile", description = "Only a per-operation profile of single training steps of the project "
            + "default and (with --pytorch) the PyTorch peer; writes <output>-ops.csv.")
    boolean opProfile;
    @Option(names = "--op-steps", defaultValue = "20", description = "Profiled training steps per side with --op-profile (default: ${DEFAULT-VALUE}).")
    int opSteps;
    @Option(names = "--profile-images", defaultValue = "12800", description = "Training images of the profiled epoch (default: ${DEFAULT-VALUE}).")
    int profileImages;

    /** The project's set-up before this benchmark existed: AVX-512 oneDNN build, helpers off (never attached). */
    static final SetUp PREVIOUS_DEFAULT = new SetUp("-onednn-avx512", false, 3, org.deeplearning4j.nn.conf.CNN2DFormat.NCHW,
            org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED, org.deeplearning4j.nn.conf.CacheMode.NONE,
            SetUp.Pipeline.GATHER, SetUp.STOCK.threads(), 1);

    @Override
    public Integer call() throws Exception {
        ProjectPaths paths = common.paths();
        Set<String> flags = NativeBackend.cpuFlags();
        List<String> shipped = NativeBackend.shippedVariants();
        if (!shipped.contains("stock")) {
            throw new IllegalArgumentException("the benchmark measures against the stock nd4j-native build, which is "
                    + "not on the classpath (shipped: " + shipped + "); build the library with the other builds first: "
                    + "mvn -P cpu,reference-builds -DskipTests package");
        }
        List<String> supported = NativeBackend.supportedVariants(flags).stream().filter(shipped::contains).toList();
        List<String> builds = classifiers == null ? supported : classifiers;
        for (String c : builds) {
            if (!supported.contains(c)) {
                throw new IllegalArgumentException("classifier '" + c + "' is not supported by this CPU or not on the "
                        + "classpath; usable: " + supported + " (mvn -P cpu,reference-builds adds every x86-64 build)");
            }
        }
        Set<String> chosenGroups = new LinkedHashSet<>(groups == null ? GROUPS : groups);
        for (String g : chosenGroups) {
            if (!GROUPS.contains(g)) {
                throw new IllegalArgumentException("group '" + g + "' is not one of " + GROUPS);
            }
        }
        Path csv = output != null ? output : quick ? paths.runs().resolve("bench-quick.csv") : paths.results().resolve("bench.csv");
        BenchRunner.Settings settings = new BenchRunner.Settings(
                images != null ? images : quick ? 512 : 4096, repeats,
                warmup != null ? warmup : quick ? 256 : 1024, gemmSize, quick ? 3 : 5,
                paths.root(), paths.runs().resolve("bench-logs"), timeoutSeconds);
        String start = Instant.now().toString();
        double loadBefore = ResidentMemory.loadAverage();
        BenchRunner runner = new BenchRunner(settings);
        Path base = csv.resolveSibling(csv.getFileName().toString().replaceFirst("\\.csv$", ""));
        if (opProfile) {
            runOpProfile(runner, BenchSession.projectDefault(flags), paths, base);
            return 0;
        }
        if (profileOnly) {
            runProfiles(runner, List.of(SetUp.STOCK, PREVIOUS_DEFAULT, BenchSession.projectDefault(flags)), base);
            return 0;
        }
        BenchSession session = new BenchSession(runner, System.err);
        if (pytorch || pytorchInstall) {
            PytorchPeer peer = new PytorchPeer(paths.root(), pytorchPython, settings);
            if (pytorchInstall) {
                peer.install(System.err);
            }
            session.withPeer(peer, pytorchRounds);
        }
        List<BenchRow> rows = quick ? session.runQuick(flags) : session.runFull(builds, chosenGroups);

        BenchReport.print(rows, System.out);
        Files.createDirectories(csv.toAbsolutePath().getParent());
        BenchReport.writeCsv(rows, csv);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("gitCommit", Provenance.currentGitCommit(paths.root()));
        record.put("startTime", start);
        record.put("endTime", Instant.now().toString());
        record.put("cpu", NativeBackend.cpuModel() + " (" + Runtime.getRuntime().availableProcessors() + " processors)");
        record.put("cpuFlags", flags.stream().filter(f -> f.startsWith("avx") || f.equals("fma")).sorted().toList());
        record.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        record.put("settings", settings);
        record.put("childJvmOptions", BenchRunner.CHILD_JVM_OPTIONS);
        record.put("loadAverageBefore", loadBefore);
        record.put("loadAverageAfter", ResidentMemory.loadAverage());
        record.put("stockImagesPerSecond", BenchReport.stockRate(rows));
        record.put("gemmGflops", BenchReport.referenceGemm(rows));
        record.put("bestPytorchImagesPerSecond", BenchReport.bestPeerRate(rows));
        session.chosen().ifPresent(best -> {
            record.put("chosen", best.setUp().name());
            record.put("chosenSetUp", best.setUp());
            record.put("chosenImagesPerSecond", best.imagesPerSecond());
            record.put("chosenRatioToStock", best.imagesPerSecond() / BenchReport.stockRate(rows));
            record.put("chosenFractionOfGemm", best.gflops() / BenchReport.referenceGemm(rows));
            record.put("chosenRatioToBestPytorch", best.imagesPerSecond() / BenchReport.bestPeerRate(rows));
            System.out.printf(Locale.ROOT, "chosen: %s, %.1f images/s = %.2f x stock, %.2f x the best PyTorch row, %.1f %% of GEMM%n",
                    best.setUp().name(), best.imagesPerSecond(), best.imagesPerSecond() / BenchReport.stockRate(rows),
                    best.imagesPerSecond() / BenchReport.bestPeerRate(rows), 100 * best.gflops() / BenchReport.referenceGemm(rows));
        });
        record.put("projectDefault", BenchSession.projectDefault(flags).name());
        Path json = base.resolveSibling(base.getFileName() + ".json");
        AtomicFiles.write(json, Json.pretty(record));
        System.out.println("wrote " + csv + " and " + json);
        if (profile) {
            SetUp chosen = session.chosen().map(BenchRow::setUp).orElse(BenchSession.projectDefault(flags));
            runProfiles(runner, List.of(SetUp.STOCK, PREVIOUS_DEFAULT, chosen), base);
        }
        return rows.stream().allMatch(r -> r.ok() || r.skipped()) ? 0 : 1;
    }

    /** Profiles the set-ups (labels stock, before, after), prints the breakdown and writes the two CSVs. */
    private void runProfiles(BenchRunner runner, List<SetUp> setUps, Path base) throws java.io.IOException {
        List<String> labels = List.of("stock", "before", "after");
        List<ProfileReport.Labelled> profiles = new java.util.ArrayList<>();
        for (int i = 0; i < setUps.size(); i++) {
            System.err.printf(Locale.ROOT, "[bench] profiling %s (%s)%n", setUps.get(i).name(), labels.get(i));
            profiles.add(new ProfileReport.Labelled(labels.get(i), runner.profile(setUps.get(i), profileImages, 10_000)));
        }
        ProfileReport.print(profiles, System.out);
        Path phases = base.resolveSibling(base.getFileName() + "-profile.csv");
        Path layers = base.resolveSibling(base.getFileName() + "-layers.csv");
        Files.createDirectories(phases.toAbsolutePath().getParent());
        ProfileReport.writeCsv(ProfileReport.phases(profiles), phases);
        ProfileReport.writeCsv(ProfileReport.layers(profiles), layers);
        System.out.println("wrote " + phases + " and " + layers);
    }

    /** Per-operation profile of the Java set-up and, with --pytorch, the peer's two variants; writes {@code <base>-ops.csv}. */
    private void runOpProfile(BenchRunner runner, SetUp java, ProjectPaths paths, Path base) throws java.io.IOException {
        System.err.printf(Locale.ROOT, "[bench] op profile of %s (%d steps)%n", java.name(), opSteps);
        List<OpProfile.Row> rows = new java.util.ArrayList<>(runner.opProfile(java, opSteps));
        if (pytorch || pytorchInstall) {
            PytorchPeer peer = new PytorchPeer(paths.root(), pytorchPython, runner.settings());
            if (pytorchInstall) {
                peer.install(System.err);
            }
            for (String variant : PeerSetUp.VARIANTS) {
                PeerSetUp p = new PeerSetUp(variant, java.threads());
                Path json = Files.createTempFile("peer-profile", ".json");
                try {
                    System.err.printf(Locale.ROOT, "[bench] op profile of %s%n", p.name());
                    peer.profile(p, opSteps * 128, json);
                    rows.addAll(OpProfile.readPeer(p, json));
                } catch (PytorchPeer.Unavailable u) {
                    System.err.println("[bench] PyTorch peer skipped: " + u.getMessage());
                    break;
                } finally {
                    Files.deleteIfExists(json);
                }
            }
        }
        Path csv = base.resolveSibling(base.getFileName() + "-ops.csv");
        Files.createDirectories(csv.toAbsolutePath().getParent());
        OpProfile.writeCsv(rows, csv);
        System.out.print(OpProfile.summary(rows));
        System.out.println("wrote " + csv);
    }

    /** Completion candidates for {@code --groups}. */
    static final class GroupCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return GROUPS.iterator();
        }
    }
}
