package org.mnistdynamics.cli;

import org.mnistdynamics.analysis.RunAnalysis;
import org.mnistdynamics.cli.options.CommonOptions;
import org.mnistdynamics.experiment.Claims;
import org.mnistdynamics.experiment.DatasetComparison;
import org.mnistdynamics.experiment.DatasetResults;
import org.mnistdynamics.experiment.ClaimsTable;
import org.mnistdynamics.experiment.Experiments;
import org.mnistdynamics.experiment.Paper;
import org.mnistdynamics.experiment.PaperVariables;
import org.mnistdynamics.experiment.PlanCost;
import org.mnistdynamics.experiment.PlanResult;
import org.mnistdynamics.experiment.Profile;
import org.mnistdynamics.experiment.ResultsWriter;
import org.mnistdynamics.experiment.Summaries;
import org.mnistdynamics.experiment.TransferResults;
import tech.tablesaw.api.Table;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.util.TableFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code analyze}: the paper's measurements and numbers from the recorded runs (training what is missing).
 * For MNIST and, beside it in {@code fashion-mnist/}, for Fashion-MNIST (the "Beyond MNIST" comparison), writes
 * {@code weight-stats.csv}, {@code weight-histograms.csv}, {@code dead-units.csv}, {@code filter-structure.csv}, {@code embeddings.csv},
 * {@code separation.csv}, per plan {@code <plan>-seeds.csv} (one row per run and seed) and {@code <plan>-summary.csv}
 * (mean, sd and 95 % interval per configuration), {@code claims.csv} (the Discussion's paired comparisons and
 * verdicts) into the profile's results folder,
 * and {@code _variables.yml} (the project root for the full profile, the results folder otherwise).
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Compute weight statistics, embeddings and separation scores, the summary tables and _variables.yml.")
final class AnalyzeCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--profile", description = "smoke, quick or full (default: $MNIST_PROFILE, else full).")
    String profile;

    @Option(names = "--recorded-only", description = "Use finished runs only (in runs/ or recorded); never train plan runs. "
            + "For an article from a sweep that is still running: every number states its seeds.")
    boolean recordedOnly;

    @Override
    public Integer call() throws Exception {
        Profile p = Profile.fromFlagOrEnvironment(profile);
        Experiments experiments = new Experiments(common.paths(), p, CnnSpec.RuntimeOptions.DEFAULT);
        if (recordedOnly || "1".equals(System.getenv(Experiments.RECORDED_ONLY_ENV))) {
            experiments.recordedOnly();
        }
        Paper paper = Paper.of(experiments);
        Path results = experiments.paths().results(p);
        DatasetResults mnist = paper.results("mnist");
        DatasetResults fashion = paper.results("fashion-mnist");
        writeTables(mnist, results);
        // Fashion-MNIST's tables go beside MNIST's, in their own folder, so that no file holds two datasets.
        writeTables(fashion, results.resolve(fashion.name()));
        Path variables = p == Profile.FULL ? experiments.paths().root().resolve("_variables.yml") : results.resolve("_variables.yml");
        // The transfer plan (Yosinski et al. 2014) on MNIST's digit halves: final accuracies from the records.
        PlanResult transfer = paper.plan("transfer", mnist.name());
        ResultsWriter.write(transfer, results);
        Table transferRuns = TransferResults.perSeed(transfer);
        TableFiles.writeCsv(transferRuns, results.resolve("transfer-seeds.csv"));
        TableFiles.writeCsv(TransferResults.summary(transferRuns), results.resolve("transfer-summary.csv"));
        // What each plan cost, from the records' epoch timings (two single-threaded runs side by side per sweep).
        TableFiles.writeCsv(PlanCost.of(List.of(mnist.optimizers(), mnist.architecture(), transfer, fashion.optimizers(),
                fashion.architecture()), 2), results.resolve("plan-cost.csv"));
        PaperVariables.write(mnist, fashion, mnist.layers(), transfer, paper.layerSizes(), variables);
        System.out.printf(Locale.ROOT, "analyses in %s; article numbers in %s%n", results, variables);
        List<DatasetResults> both = List.of(mnist, fashion);
        System.out.println(Summaries.optimizerTable(mnist.optimizers()).print());
        System.out.println(Summaries.architectureTable(mnist.architecture()).print());
        System.out.println(ClaimsTable.of(Claims.of(mnist.optimizers(), mnist.architecture())).print());
        System.out.println(DatasetComparison.optimizerTable(both).print());
        System.out.println(DatasetComparison.dropoutTable(both).print());
        System.out.println(DatasetComparison.separationTable(both).print());
        boolean complete = true;
        for (DatasetResults d : both) {
            complete &= d.optimizers().allCompleted() && d.architecture().allCompleted();
        }
        complete &= transfer.allCompleted();
        return complete ? 0 : 1;
    }

    /**
     * Writes one dataset's tables into {@code dir}: the plans' metrics and provenance, per-seed and summary tables,
     * claims, and (when its Adam baseline was analysed) the weight, dead-unit, filter, embedding and separation tables.
     */
    private static void writeTables(DatasetResults d, Path dir) throws java.io.IOException {
        ResultsWriter.write(d.optimizers(), dir);
        ResultsWriter.write(d.architecture(), dir);
        if (d.analysis().isPresent()) {
            RunAnalysis adam = d.analysis().get();
            TableFiles.writeCsv(adam.weightStatistics(), dir.resolve("weight-stats.csv"));
            TableFiles.writeCsv(adam.weightHistograms(), dir.resolve("weight-histograms.csv"));
            TableFiles.writeCsv(adam.deadUnits(), dir.resolve("dead-units.csv"));
            TableFiles.writeCsv(adam.filterStructure(), dir.resolve("filter-structure.csv"));
            TableFiles.writeCsv(adam.embeddings(), dir.resolve("embeddings.csv"));
            TableFiles.writeCsv(adam.separation(), dir.resolve("separation.csv"));
        }
        for (PlanResult plan : List.of(d.optimizers(), d.architecture())) {
            var seeds = Summaries.seedTable(plan, d.data());
            TableFiles.writeCsv(seeds, dir.resolve(plan.plan().name() + "-seeds.csv"));
            seeds.forEach(r -> {
                if (r.getString("learned").equals("no")) {
                    System.err.println("warning: " + d.displayName() + " " + plan.plan().name() + " run " + r.getString("run_id")
                            + " (" + r.getString("run") + ", seed " + r.getLong("seed") + ") " + r.getString("note"));
                }
            });
            TableFiles.writeCsv(Summaries.summaryTable(plan), dir.resolve(plan.plan().name() + "-summary.csv"));
        }
        TableFiles.writeCsv(ClaimsTable.of(Claims.of(d.optimizers(), d.architecture())), dir.resolve("claims.csv"));
    }
}
