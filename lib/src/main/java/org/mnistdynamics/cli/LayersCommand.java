package org.mnistdynamics.cli;

import org.mnistdynamics.analysis.LayerAnalysis;
import org.mnistdynamics.cli.options.CommonOptions;
import org.mnistdynamics.experiment.Claims;
import org.mnistdynamics.experiment.ClaimsTable;
import org.mnistdynamics.experiment.Experiments;
import org.mnistdynamics.experiment.LayerClaims;
import org.mnistdynamics.experiment.Paper;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.util.TableFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code layers}: linear probes, CKA, re-initialisation and weight spectra of every seed of a configuration that has
 * its checkpoints on disk (never trains), with the wall time of each analysis. Writes {@code layer-probes.csv},
 * {@code layer-cka.csv}, {@code layer-cka-threshold.csv}, {@code layer-cross-seed-cka.csv},
 * {@code layer-reinitialisation.csv}, {@code layer-spectra.csv}, {@code layer-claims.csv} and
 * {@code layer-cost.csv} (wall and process CPU seconds per analysis and run, and whether the table was read from the run's
 * cache instead of computed) into the profile's results folder (for a
 * dataset other than MNIST, into its sub-folder, e.g. {@code fashion-mnist/}, as {@code analyze} does). The runs are
 * the plan's on {@code --dataset} and are analysed on that dataset's images only.
 */
@Command(name = "layers", mixinStandardHelpOptions = true,
        description = "Layer analyses (probes, CKA, re-initialisation, spectra) of the runs with checkpoints; never trains.")
final class LayersCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--profile", description = "smoke, quick or full (default: $MNIST_PROFILE, else full).")
    String profile;
    @Option(names = "--plan", defaultValue = "optimizers", description = "Plan (default: ${DEFAULT-VALUE}).")
    String plan;
    @Option(names = "--label", defaultValue = Paper.ANALYSED_RUN, description = "Run label in the plan (default: ${DEFAULT-VALUE}).")
    String label;
    @Option(names = "--dataset", defaultValue = "mnist",
            description = "Dataset the runs were trained on and are analysed on: mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Override
    public Integer call() throws Exception {
        Profile p = Profile.fromFlagOrEnvironment(profile);
        Experiments experiments = new Experiments(common.paths(), p, CnnSpec.RuntimeOptions.DEFAULT).recordedOnly();
        Paper paper = Paper.of(experiments);
        List<LayerAnalysis> analyses = paper.layerAnalyses(plan, label, dataset);
        if (analyses.isEmpty()) {
            System.err.println("no run of " + plan + " / " + label + " on " + dataset + " (profile " + p.id()
                    + ") has its checkpoints in " + experiments.paths().runs() + " or its layer tables beside its record in "
                    + experiments.records().root() + "; train them first (bin/mnist-dynamics sweep --plan "
                    + plan + " --profile " + p.id() + " --dataset " + dataset + ")");
            return 1;
        }
        // As in `analyze`: MNIST's tables in the results folder, another dataset's in its own sub-folder.
        Path results = dataset.equals("mnist") ? experiments.paths().results(p) : experiments.paths().results(p).resolve(dataset);
        Files.createDirectories(results);
        Table cost = Table.create("layer-cost", StringColumn.create("run_id"), LongColumn.create("seed"),
                IntColumn.create("epochs"), StringColumn.create("analysis"), DoubleColumn.create("seconds"),
                DoubleColumn.create("cpu_seconds"), StringColumn.create("cached"));
        Map<String, Row> measured = measuredCosts(results.resolve("layer-cost.csv"));
        for (LayerAnalysis a : analyses) {
            RunResult r = a.run();
            for (String what : List.of("probes", "cka", "reinitialisation", "spectra")) {
                // A table read from the run's cache costs milliseconds: say so, or the row would read as the analysis's cost.
                boolean cached = a.isCached(what);
                Row earlier = measured.get(r.config().runId() + "/" + what);
                if (cached && earlier != null) {
                    cost.addRow(earlier); // the measurement of when the table was computed, not of reading it back
                    System.out.printf(Locale.ROOT, "%s (seed %d): %s read from its record (computed earlier in %.1f s)%n",
                            r.config().runId(), r.config().seed(), what, earlier.getDouble("seconds"));
                    continue;
                }
                long t0 = System.nanoTime();
                long c0 = processCpuNanos();
                switch (what) {
                    case "probes" -> a.probes();
                    case "cka" -> a.ckaToFinal();
                    case "reinitialisation" -> a.reinitialisation();
                    default -> a.spectra();
                }
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (processCpuNanos() - c0) / 1e9;
                cost.doubleColumn("cpu_seconds").append(cpu);
                cost.stringColumn("run_id").append(r.config().runId());
                cost.longColumn("seed").append(r.config().seed());
                cost.intColumn("epochs").append(r.config().epochs());
                cost.stringColumn("analysis").append(what);
                cost.doubleColumn("seconds").append(s);
                cost.stringColumn("cached").append(cached ? "yes" : "no");
                System.out.printf(Locale.ROOT, "%s (seed %d): %s in %.1f s (%.1f s of CPU)%n", r.config().runId(),
                        r.config().seed(), what, s, cpu);
            }
        }
        TableFiles.writeCsv(LayerClaims.probes(analyses), results.resolve("layer-probes.csv"));
        TableFiles.writeCsv(LayerClaims.ckaToFinal(analyses), results.resolve("layer-cka.csv"));
        TableFiles.writeCsv(LayerClaims.ckaThresholdEpochs(analyses), results.resolve("layer-cka-threshold.csv"));
        TableFiles.writeCsv(LayerClaims.reinitialisation(analyses), results.resolve("layer-reinitialisation.csv"));
        TableFiles.writeCsv(LayerClaims.spectra(analyses), results.resolve("layer-spectra.csv"));
        if (analyses.size() >= 2) {
            long t0 = System.nanoTime();
            var cross = LayerAnalysis.cachedCrossSeedCka(analyses, paper.layerSizes().ckaImages());
            System.out.printf(Locale.ROOT, "cross-seed CKA of %d runs in %.1f s%n", analyses.size(), (System.nanoTime() - t0) / 1e9);
            TableFiles.writeCsv(cross, results.resolve("layer-cross-seed-cka.csv"));
            System.out.println(cross.print());
        }
        List<Claims.Claim> claims = LayerClaims.of(analyses);
        TableFiles.writeCsv(ClaimsTable.of(claims), results.resolve("layer-claims.csv"));
        TableFiles.writeCsv(cost, results.resolve("layer-cost.csv"));
        System.out.println(LayerClaims.probes(analyses).print());
        System.out.println(LayerClaims.ckaThresholdEpochs(analyses).print());
        System.out.println(ClaimsTable.of(claims).print());
        System.out.println(cost.print());
        System.out.printf(Locale.ROOT, "layer analyses of %d run(s) in %s%n", analyses.size(), results);
        return 0;
    }

    /**
     * @param file an earlier {@code layer-cost.csv} (it may not exist)
     * @return its rows of computed (not cached) analyses, by {@code <run id>/<analysis>}
     * @throws IOException naming the file if it exists but cannot be read
     */
    static Map<String, Row> measuredCosts(Path file) throws IOException {
        Map<String, Row> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        Table t;
        try {
            t = Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).columnTypes(new ColumnType[]{
                    ColumnType.STRING, ColumnType.LONG, ColumnType.INTEGER, ColumnType.STRING, ColumnType.DOUBLE,
                    ColumnType.DOUBLE, ColumnType.STRING}));
        } catch (RuntimeException e) {
            throw new IOException(file + ": unreadable layer-cost table (delete it to start it afresh): " + e.getMessage(), e);
        }
        for (int i = 0; i < t.rowCount(); i++) {
            Row row = t.row(i); // its own cursor: the table's iterator moves one shared Row
            if (row.getString("cached").equals("no")) {
                out.put(row.getString("run_id") + "/" + row.getString("analysis"), row);
            }
        }
        return out;
    }

    /** CPU time of the whole process (all threads), the cost on a machine whose cores are shared with other work. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : 0;
    }
}
