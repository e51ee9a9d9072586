package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.FilterStructure;
import org.mnistdynamics.analysis.LayerAnalysis;
import org.mnistdynamics.analysis.RunAnalysis;
import org.mnistdynamics.analysis.TsneOptions;
import org.mnistdynamics.analysis.Separation;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.stats.IntervalText;
import org.mnistdynamics.stats.SeedSummary;
import org.mnistdynamics.stats.ThresholdEpochs;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunResult;
import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.Json;
import org.mnistdynamics.util.Numbers;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Writes {@code _variables.yml}: every number the article's text shows ({@code {{< var key >}}}), formatted as it
 * should read, computed from the recorded runs and their analyses. Nothing in the text is typed by hand.
 */
public final class PaperVariables {

    private PaperVariables() {
    }

    /**
     * @param mnist   the MNIST results, with the analysis of its Adam baseline
     * @param fashion the Fashion-MNIST results (the "Beyond MNIST" comparison; its runs may not have finished)
     * @param file    target, e.g. {@code _variables.yml}
     * @throws IllegalArgumentException if {@code mnist} has no analysis, or the datasets are not MNIST and Fashion-MNIST
     * @throws IOException              if an analysis cannot be read or the file cannot be written
     */
    public static void write(DatasetResults mnist, DatasetResults fashion, Path file) throws IOException {
        write(mnist, fashion, List.of(), LayerAnalysis.Sizes.PAPER, file);
    }

    /**
     * @param mnist   the MNIST results, with the analysis of its Adam baseline
     * @param fashion the Fashion-MNIST results (the "Beyond MNIST" comparison; its runs may not have finished)
     * @param layers  layer analyses of the MNIST Adam baseline's seeds with checkpoints ({@link Paper#layerAnalyses(String, String, String)};
     *                empty: every layer number reads "not measured yet")
     * @param sizes   the image counts of the layer analyses
     * @param file    target, e.g. {@code _variables.yml}
     * @throws IllegalArgumentException if {@code mnist} has no analysis, the datasets are not MNIST and Fashion-MNIST,
     *                                  or a layer analysis is of a run trained on another dataset than MNIST (naming
     *                                  the run)
     * @throws IOException              if an analysis cannot be read or the file cannot be written
     */
    public static void write(DatasetResults mnist, DatasetResults fashion, List<LayerAnalysis> layers,
                             LayerAnalysis.Sizes sizes, Path file) throws IOException {
        write(mnist, fashion, layers, null, sizes, file);
    }

    /**
     * As {@link #write(DatasetResults, DatasetResults, List, LayerAnalysis.Sizes, Path)}, with the transfer plan.
     *
     * @param transfer the MNIST transfer plan's result ({@link TransferResults}), or null when it is not wanted: its
     *                 numbers and claims then read "not measured yet"
     */
    public static void write(DatasetResults mnist, DatasetResults fashion, List<LayerAnalysis> layers,
                             PlanResult transfer, LayerAnalysis.Sizes sizes, Path file) throws IOException {
        if (!mnist.name().equals("mnist") || !fashion.name().equals("fashion-mnist")) {
            throw new IllegalArgumentException("expected MNIST and Fashion-MNIST results, got " + mnist.name() + " and " + fashion.name());
        }
        for (LayerAnalysis l : layers) {
            if (!l.run().config().dataset().equals(mnist.name())) {
                throw new IllegalArgumentException("layer analysis of run " + l.run().config().runId() + " was trained on "
                        + l.run().config().dataset() + "; the article's layer numbers are " + mnist.name() + "'s");
            }
        }
        RunAnalysis analysis = mnist.analysis().orElseThrow(() -> new IllegalArgumentException(
                "the MNIST Adam baseline has no analysis (its checkpoints are missing)"));
        Map<String, Object> v = variables(mnist.optimizers(), mnist.architecture(), analysis, mnist.data(), layers, sizes);
        Table transferRuns = transfer == null ? null : TransferResults.perSeed(transfer);
        if (transferRuns != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = (Map<String, Object>) v.get("claims");
            for (Claims.Claim c : TransferResults.claims(transfer)) {
                claims.put(c.key(), claimMap(c));
            }
        }
        v.put("transfer", transferVariables(transfer, transferRuns));
        v.put("fashion", ComparisonVariables.dataset(fashion, sizes));
        v.put("principles", ComparisonVariables.principles(List.of(mnist, fashion)));
        String header = "# Generated by `bin/mnist-dynamics analyze --profile " + mnist.optimizers().profile().id()
                + "` from the recorded runs; do not edit.\n";
        AtomicFiles.write(file, (header + Json.YAML.writeValueAsString(v).replaceFirst("^---\\n", ""))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> variables(PlanResult optimizers, PlanResult architecture, RunAnalysis analysis,
                                                 DatasetSplits data, List<LayerAnalysis> layers,
                                                 LayerAnalysis.Sizes sizes) throws IOException {
        Map<String, Object> v = new LinkedHashMap<>();
        // The best configuration is chosen on mean validation accuracy across seeds; its test accuracy is reported.
        Summaries.Best best = Summaries.bestOnValidation(List.of(optimizers, architecture))
                .orElseThrow(() -> new IllegalStateException("no completed run to report"));
        v.put("accuracy", map("best_test", percent(Summaries.summary(best.plan(), best.label(), "test_accuracy")),
                "best_run", best.label() + ", " + best.plan().plan().name() + " plan"));
        v.put("data", map("image_shape", "28 × 28", "train_images", count(data.train().size()),
                "validation_images", count(data.validation().size()), "test_images", count(data.test().size())));
        RunConfig base = optimizers.run(Paper.ANALYSED_RUN).config();
        CnnSpec m = base.model();
        v.put("model", map("conv_layers", String.valueOf(m.depth()), "conv_filters", m.filters(0) + " and " + m.filters(1),
                "kernel_size", m.kernelSize() + " × " + m.kernelSize(), "dense_units", String.valueOf(m.denseUnits()),
                "dropout", String.valueOf(m.dropout()), "parameters", count(m.parameterCount())));
        // The Discussion's verdicts are computed; a shorter profile's article still says its numbers are not the paper's.
        String notice = optimizers.profile() == Profile.FULL ? "" : "This build uses the " + optimizers.profile().id()
                + " profile (" + count(base.trainImages()) + " training images, " + base.epochs()
                + " epochs): its numbers and verdicts are not the paper's.";
        List<Long> seeds = optimizers.plan().seeds(optimizers.profile());
        int n = Summaries.summary(optimizers, Paper.ANALYSED_RUN, "test_accuracy").n();
        v.put("training", map("epochs", String.valueOf(base.epochs()), "batch_size", String.valueOf(base.batchSize()),
                "profile", optimizers.profile().id(), "profile_notice", notice,
                "seeds", seeds.size() + " seeds (" + seeds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")",
                "seeds_completed", n + (n == 1 ? " seed" : " seeds"), "analysed_seed", String.valueOf(base.seed()),
                "threads", String.valueOf(base.threads()), "train_images", count(base.trainImages()),
                "train_eval_images", count(base.trainEvalImages())));
        double adamTest = Summaries.summary(optimizers, Paper.ANALYSED_RUN, "test_accuracy").mean();
        int testImages = Math.min(base.evalImages(), data.test().size());
        double se = Math.sqrt(adamTest * (1 - adamTest) / testImages);
        v.put("stats", map("level", "95 %", "method", "Student's t interval with n − 1 degrees of freedom",
                "t_quantile", fixed(SeedSummary.tQuantile(Math.max(1, n - 1)), 3),
                "test_se", points(se), "test_images", count(testImages), "at_accuracy", percent(adamTest)));
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("names", "SGD, SGD with Nesterov momentum, RMSProp and Adam");
        opt.put("target_accuracy", "99 %");
        // All optimizers share the schedule in the paper's plan; the Adam run's stands for them.
        var schedule = base.optimizer().schedule();
        opt.put("schedule", schedule.describe());
        opt.put("final_lr_factor", fixed(base.optimizer().learningRate(base.epochs(), base.epochs())
                / base.optimizer().learningRate(), 3));
        for (String label : optimizers.configurations()) {
            List<RunResult> runs = optimizers.runs(label);
            String key = runs.isEmpty() ? slug(label) : runs.get(0).config().optimizer().name();
            if (runs.isEmpty()) {
                opt.put(key, map("test_accuracy", "failed", "epochs_to_99", "failed", "epochs_to_98", "failed"));
                continue;
            }
            opt.put(key, map("learning_rate", Numbers.plain(runs.get(0).config().optimizer().learningRate()),
                    "n", String.valueOf(runs.size()),
                    "test_accuracy", percent(Summaries.summary(optimizers, label, "test_accuracy")),
                    "validation_accuracy", percent(Summaries.summary(optimizers, label, "validation_accuracy")),
                    "epochs_to_99", Summaries.thresholdEpochs(optimizers, label, 0.99).describe(),
                    "epochs_to_98", Summaries.thresholdEpochs(optimizers, label, 0.98).describe(),
                    "reaches_99", reaches(Summaries.thresholdEpochs(optimizers, label, 0.99)),
                    "reaches_98", reaches(Summaries.thresholdEpochs(optimizers, label, 0.98)),
                    "minutes", String.format(Locale.ROOT, "%.0f", Summaries.summary(optimizers, label, "minutes").mean())));
        }
        v.put("optimizers", opt);
        Map<String, Object> claims = claimVariables(optimizers, architecture);
        claims.putAll(layerClaimVariables(layers));
        v.put("claims", claims);
        v.put("layers", layerVariables(layers, sizes));
        // Runs that did not learn (ChanceLevel's stated rule) are named, never averaged in silently.
        List<String> notLearned = new java.util.ArrayList<>();
        for (PlanResult plan : List.of(optimizers, architecture)) {
            for (PlanResult.Outcome o : plan.runs()) {
                if (o.result().isPresent() && !org.mnistdynamics.train.ChanceLevel.of(o.result().get(), data).learned()) {
                    notLearned.add(o.label() + " (seed " + o.seed() + ")");
                }
            }
        }
        v.put("learning", map("rule", "final validation accuracy at least " + fixed(org.mnistdynamics.train.ChanceLevel.MARGIN_POINTS, 0)
                + " percentage points above the share of the most frequent class",
                "not_learned", notLearned.isEmpty() ? "none" : String.join(", ", notLearned)));
        v.put("weights", map("adam", weightVariables(analysis.weightStatistics(), base.epochs())));
        v.put("tsne", map("points", count(analysis.embedding(0, "tsne").size()), "pca_dims",
                String.valueOf(TsneOptions.DEFAULT_PCA_DIMENSIONS), "perplexity",
                String.format(Locale.ROOT, "%.0f", TsneOptions.DEFAULT_PERPLEXITY)));
        v.put("filters", filterVariables(analysis.filterStructureByEpoch(), base.epochs(), m.kernelSize()));
        Table sep = analysis.separation();
        Map<String, Object> separation = new LinkedHashMap<>();
        separation.put("knn_k", String.valueOf(Separation.DEFAULT_K));
        int last = base.epochs();
        separation.put("initial", separationAt(sep, 0));
        separation.put("early", separationAt(sep, 1));
        separation.put("final", separationAt(sep, last));
        v.put("separation", separation);
        Map<String, Object> a = new LinkedHashMap<>();
        Map<String, Object> variants = new LinkedHashMap<>();
        for (String label : architecture.configurations()) {
            if (architecture.runs(label).isEmpty()) {
                continue;
            }
            SeedSummary val = Summaries.summary(architecture, label, "validation_accuracy");
            variants.put(slug(label), map("test_accuracy", percent(Summaries.summary(architecture, label, "test_accuracy")),
                    "validation_accuracy", percent(val),
                    "gap", points(Summaries.summary(architecture, label, "generalization_gap")),
                    "n", String.valueOf(architecture.runs(label).size())));
        }
        a.put("variants", variants);
        var bestArch = Summaries.bestOnValidation(List.of(architecture));
        if (bestArch.isPresent()) {
            a.put("best", map("name", bestArch.get().label(),
                    "test_accuracy", percent(Summaries.summary(architecture, bestArch.get().label(), "test_accuracy"))));
        } else {
            a.put("best", map("name", "none yet", "test_accuracy", NOT_MEASURED));
        }
        // Every variant of the plan gets its keys, finished or not (a sweep may still be running).
        for (String label : architecture.configurations()) {
            variants.putIfAbsent(slug(label), map("test_accuracy", NOT_MEASURED, "validation_accuracy", NOT_MEASURED,
                    "gap", NOT_MEASURED, "n", "0"));
        }
        a.put("epochs", String.valueOf(architecture.plan().resolve(architecture.profile()).get(0).config().epochs()));
        v.put("architecture", a);
        return v;
    }

    /**
     * @return per claim of the plans' dataset ({@link Claims#keys}): statement, verdict, difference, interval and n; a
     *         claim whose runs have not finished reads {@link #NOT_MEASURED}
     */
    static Map<String, Object> claimVariables(PlanResult optimizers, PlanResult architecture) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (Claims.Claim c : Claims.of(optimizers, architecture)) {
            claims.put(c.key(), claimMap(c));
        }
        Map<String, String> statements = Claims.statements(optimizers, architecture);
        for (String key : Claims.keys(optimizers.plan().dataset())) {
            // The verdict reads as a verb phrase like "holds" and "is not resolved at 3 seeds".
            claims.putIfAbsent(key, map("statement", statements.getOrDefault(key, key), "verdict", "is " + NOT_MEASURED,
                    "difference", "—", "interval", "—", "n", "0"));
        }
        return claims;
    }

    /**
     * @param layers layer analyses of one configuration's seeds (possibly none)
     * @return per claim of {@link LayerClaims#KEYS}: statement, verdict, difference, interval and n; a claim the
     *         analyses cannot answer (no checkpoints yet; the transfer claims) reads {@link #NOT_MEASURED}
     * @throws IOException if an analysis cannot be read or computed
     */
    static Map<String, Object> layerClaimVariables(List<LayerAnalysis> layers) throws IOException {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (Claims.Claim c : LayerClaims.of(layers)) {
            claims.put(c.key(), claimMap(c));
        }
        for (String key : LayerClaims.KEYS) {
            claims.putIfAbsent(key, map("statement", LayerClaims.STATEMENTS.get(key), "verdict", "is " + NOT_MEASURED,
                    "difference", "—", "interval", "—", "n", "0"));
        }
        return claims;
    }

    private static Map<String, Object> claimMap(Claims.Claim c) {
        return map("statement", c.statement(), "verdict", c.verdict().phrase(c.difference().summary().n()),
                "difference", c.meanText(), "interval", c.intervalText(), "n", String.valueOf(c.difference().summary().n()));
    }

    /**
     * The transfer plan's numbers: its epochs, seeds, the bases' test accuracy, and per kind (bnb, bnb_plus, anb,
     * anb_plus) and cut (cut1 ..) the test accuracy on B, each a mean ± half-width over the seeds; the mean minutes of
     * training one seed's runs. Without finished runs every number reads {@link #NOT_MEASURED}.
     */
    static Map<String, Object> transferVariables(PlanResult transfer, Table perSeed) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean none = perSeed == null || perSeed.rowCount() == 0;
        out.put("epochs", transfer == null ? NOT_MEASURED : String.valueOf(transfer.plan().resolve(transfer.profile()).get(0).config().epochs()));
        List<Long> seeds = none ? List.of() : perSeed.longColumn("seed").unique().asList().stream().sorted().toList();
        out.put("seeds", none ? NOT_MEASURED : seeds.size() + (seeds.size() == 1 ? " seed (" : " seeds (")
                + seeds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")");
        for (String kind : List.of("base A", "base B")) {
            out.put(slug(kind), none ? NOT_MEASURED : percentOrMissing(perSeed.where(perSeed.stringColumn("kind")
                    .isEqualTo(kind)).doubleColumn("test_accuracy").asDoubleArray()));
        }
        for (String kind : TransferResults.KINDS) {
            Map<String, Object> cuts = new LinkedHashMap<>();
            // Cuts after each conv block and after the dense layer (TransferSpec): depth + 1 of them.
            int lastCut = transfer == null ? 3 : transfer.plan().model().depth() + 1;
            for (int cut = 1; cut <= lastCut; cut++) {
                cuts.put("cut" + cut, none ? NOT_MEASURED : percentOrMissing(perSeed.where(perSeed.stringColumn("kind")
                        .isEqualTo(kind).and(perSeed.intColumn("cut").isEqualTo(cut))).doubleColumn("test_accuracy").asDoubleArray()));
            }
            out.put(kind.toLowerCase(Locale.ROOT).replace("+", "_plus"), cuts);
        }
        out.put("minutes_per_seed", none ? NOT_MEASURED
                : fixed(perSeed.doubleColumn("minutes").sum() / seeds.size(), 0));
        return out;
    }

    /** Layers of the baseline compared by probes and CKA, and its layers with weights. */
    static final List<String> PROBED = List.of("input", "block1", "block2", "dense");
    static final List<String> WEIGHTED = List.of("conv1", "conv2", "dense", "output");

    /**
     * The layer analyses' numbers: per layer the probe accuracy at the first and last epoch, the epoch at which CKA
     * with the final self first reaches {@link LayerAnalysis#CKA_THRESHOLD}, the cross-seed CKA of the final
     * networks, the accuracy with the layer reset to its initial weights, and spectral summaries at the last epoch;
     * each a mean ± half-width of the 95 % t interval over the seeds. Without analyses every number reads
     * {@link #NOT_MEASURED}.
     */
    static Map<String, Object> layerVariables(List<LayerAnalysis> layers, LayerAnalysis.Sizes sizes)
            throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("probe_train_images", count(sizes.probeTrain()));
        out.put("probe_test_images", count(sizes.probeTest()));
        out.put("cka_images", count(sizes.ckaImages()));
        out.put("reinit_images", count(sizes.reinitImages()));
        out.put("cka_threshold", fixed(LayerAnalysis.CKA_THRESHOLD, 2));
        out.put("probe_lambda", Numbers.plain(org.mnistdynamics.analysis.LinearProbe.LAMBDA));
        out.put("dip_sample", count(LayerAnalysis.DIP_SAMPLE));
        out.put("dip_p_samples", count(LayerAnalysis.DIP_P_SAMPLES));
        Map<String, Object> probe = new LinkedHashMap<>();
        Map<String, Object> ckaEpoch = new LinkedHashMap<>();
        Map<String, Object> cross = new LinkedHashMap<>();
        Map<String, Object> reinit = new LinkedHashMap<>();
        Map<String, Object> spectra = new LinkedHashMap<>();
        if (layers.isEmpty()) {
            out.put("seeds", NOT_MEASURED);
            for (String l : PROBED) {
                probe.put(l, map("initial", NOT_MEASURED, "final", NOT_MEASURED));
                if (!l.equals("input")) {
                    ckaEpoch.put(l, NOT_MEASURED);
                    cross.put(l, NOT_MEASURED);
                }
            }
            for (String l : WEIGHTED) {
                reinit.put(l, NOT_MEASURED);
                spectra.put(l, map("sigma_ratio_final", NOT_MEASURED, "stable_rank_final", NOT_MEASURED,
                        "alpha_final", NOT_MEASURED, "dip_p_final", NOT_MEASURED, "bimodality_final", NOT_MEASURED));
            }
        } else {
            List<Long> seeds = layers.stream().map(a -> a.run().config().seed()).toList();
            out.put("seeds", seeds.size() + (seeds.size() == 1 ? " seed (" : " seeds (")
                    + seeds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")");
            int last = layers.get(0).run().config().epochs();
            Table probes = LayerClaims.probes(layers);
            Table threshold = LayerClaims.ckaThresholdEpochs(layers);
            Table re = LayerClaims.reinitialisation(layers);
            Table sp = LayerClaims.spectra(layers);
            Table cs = layers.size() >= 2 ? LayerAnalysis.cachedCrossSeedCka(layers, sizes.ckaImages()) : null;
            for (String l : PROBED) {
                probe.put(l, map("initial", percentOrMissing(values(probes, "layer", l, "epoch", 0, "test_accuracy")),
                        "final", percentOrMissing(values(probes, "layer", l, "epoch", last, "test_accuracy"))));
                if (!l.equals("input")) {
                    double[] e = threshold.where(threshold.stringColumn("layer").isEqualTo(l)).intColumn("epoch").asDoubleArray();
                    ckaEpoch.put(l, e.length == 0 ? NOT_MEASURED : IntervalText.meanInterval(SeedSummary.of(e), 1, 1));
                    double[] c = cs == null ? new double[0] : cs.where(cs.stringColumn("layer").isEqualTo(l)).doubleColumn("cka").asDoubleArray();
                    cross.put(l, c.length == 0 ? NOT_MEASURED : IntervalText.meanInterval(SeedSummary.of(c), 1, 2)
                            + " (" + c.length + (c.length == 1 ? " pair)" : " pairs)"));
                }
            }
            for (String l : WEIGHTED) {
                reinit.put(l, percentOrMissing(values(re, "layer", l, "reset_epoch", 0, "test_accuracy")));
                Table f = sp.where(sp.stringColumn("layer").isEqualTo(l).and(sp.intColumn("epoch").isEqualTo(last)));
                double[] ratio = new double[f.rowCount()];
                for (int i = 0; i < ratio.length; i++) {
                    ratio[i] = f.doubleColumn("sigma_max").get(i) / f.doubleColumn("mp_edge").get(i);
                }
                spectra.put(l, map("sigma_ratio_final", summaryOrMissing(ratio, 2),
                        "stable_rank_final", summaryOrMissing(f.doubleColumn("stable_rank").asDoubleArray(), 1),
                        "alpha_final", summaryOrMissing(java.util.Arrays.stream(f.doubleColumn("alpha").asDoubleArray())
                                .filter(Double::isFinite).toArray(), 2),
                        "dip_p_final", summaryOrMissing(f.doubleColumn("dip_p").asDoubleArray(), 3),
                        "bimodality_final", summaryOrMissing(f.doubleColumn("bimodality").asDoubleArray(), 3)));
            }
            reinit.put("none", percentOrMissing(values(re, "layer", "dense", "reset_epoch", last, "test_accuracy")));
        }
        if (layers.isEmpty()) {
            reinit.put("none", NOT_MEASURED);
        }
        out.put("probe", probe);
        out.put("cka_epoch", ckaEpoch);
        out.put("cross_seed_cka", cross);
        out.put("reinit", reinit);
        out.put("spectra", spectra);
        return out;
    }

    private static double[] values(Table t, String keyColumn, String key, String intColumn, int value, String metric) {
        return t.where(t.stringColumn(keyColumn).isEqualTo(key).and(t.intColumn(intColumn).isEqualTo(value)))
                .doubleColumn(metric).asDoubleArray();
    }

    private static String percentOrMissing(double[] v) {
        return v.length == 0 ? NOT_MEASURED : percent(SeedSummary.of(v));
    }

    private static String summaryOrMissing(double[] v, int decimals) {
        return v.length == 0 ? "none (too few values)" : IntervalText.meanInterval(SeedSummary.of(v), 1, decimals);
    }

    /** What the article says of a number whose runs have not finished yet. */
    static final String NOT_MEASURED = "not measured yet (its runs have not finished)";

    /** @return "99.26 ± 0.05 %" (mean ± half-width of the 95 % interval), or "99.26 %" from one seed */
    static String percent(SeedSummary s) {
        return IntervalText.meanInterval(s, 100, 2) + " %";
    }

    /** @return "0.42 ± 0.10 percentage points" */
    static String points(SeedSummary s) {
        return IntervalText.meanInterval(s, 100, 2) + " percentage points";
    }

    /** @return "after 2.0 ± 0.0 epochs", with the seeds that never got there named, or "not within the 20 epochs" */
    static String reaches(ThresholdEpochs e) {
        if (e.reached() == 0) {
            return "not within the " + e.budget() + (e.budget() == 1 ? " epoch" : " epochs");
        }
        return "after " + e.describe() + " epochs";
    }

    /**
     * The weight moments the article cites, per layer of a run's weight statistics ({@link RunAnalysis#weightStatistics()};
     * weights {@code W} only, biases left out) at epochs 0, 1 and the last (suffixes {@code _epoch0}, {@code _epoch1},
     * {@code _epochfinal}): standard deviation (4 decimals), excess kurtosis and skewness (2), Kolmogorov–Smirnov
     * distance to a fitted Gaussian (3), bimodality coefficient (3), and the distance from the initial weights relative
     * to their norm (%, the norm from the epoch-0 moments: sqrt(n (sd² + mean²))).
     *
     * @param stats     weight statistics with an epoch-0 row per layer
     * @param lastEpoch the run's last epoch
     * @return layer name to its entries, in the table's row order
     */
    static Map<String, Object> weightVariables(Table stats, int lastEpoch) {
        Map<String, Object> layers = new LinkedHashMap<>();
        Map<String, Double> initialNorm = new LinkedHashMap<>();
        for (Row r : stats) {
            if (r.getString("parameter").equals("W") && r.getInt("epoch") == 0) {
                // ||w0|| = sqrt(n (sd^2 + mean^2)) from the population moments
                initialNorm.put(r.getString("layer"), Math.sqrt(r.getLong("count")
                        * (r.getDouble("std") * r.getDouble("std") + r.getDouble("mean") * r.getDouble("mean"))));
            }
        }
        for (Row r : stats) {
            if (!r.getString("parameter").equals("W")) {
                continue;
            }
            int epoch = r.getInt("epoch");
            if (epoch != 0 && epoch != 1 && epoch != lastEpoch) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> layer = (Map<String, Object>) layers.computeIfAbsent(r.getString("layer"), k -> new LinkedHashMap<>());
            String suffix = "_epoch" + (epoch == lastEpoch ? "final" : epoch);
            layer.put("std" + suffix, fixed(r.getDouble("std"), 4));
            layer.put("kurtosis" + suffix, fixed(r.getDouble("excess_kurtosis"), 2));
            layer.put("skewness" + suffix, fixed(r.getDouble("skewness"), 2));
            layer.put("ks" + suffix, fixed(r.getDouble("ks_distance"), 3));
            layer.put("bimodality" + suffix, fixed(r.getDouble("bimodality"), 3));
            layer.put("relative_change" + suffix, percent(r.getDouble("l2_from_initial") / initialNorm.get(r.getString("layer"))));
        }
        return layers;
    }

    private static Map<String, Object> filterVariables(Table byEpoch, int lastEpoch, int kernelSize) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("random_edge_share", String.format(Locale.ROOT, "%.2f", FilterStructure.randomExpectation(kernelSize)));
        out.put("edge_like_threshold", String.format(Locale.ROOT, "%.1f", FilterStructure.EDGE_LIKE));
        for (Row r : byEpoch) {
            int epoch = r.getInt("epoch");
            if (epoch != 0 && epoch != 1 && epoch != lastEpoch) {
                continue;
            }
            String suffix = "_epoch" + (epoch == lastEpoch ? "final" : epoch);
            out.put("median_edge_share" + suffix, fixed(r.getDouble("median_edge_share"), 2));
            out.put("edge_like" + suffix, r.getInt("edge_like") + " of " + r.getInt("filters"));
            out.put("median_mean_share" + suffix, fixed(r.getDouble("median_mean_share"), 2));
        }
        return out;
    }

    /**
     * @param sep   a separation table ({@link RunAnalysis#separation()})
     * @param epoch an embedded epoch
     * @return the t-SNE scores ({@code knn_accuracy} in %, {@code silhouette} with 2 decimals) and the UMAP ones
     *         (prefixed {@code umap_}) of that epoch; a method without a row at that epoch has no keys
     */
    static Map<String, Object> separationAt(Table sep, int epoch) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String method : List.of("tsne", "umap")) {
            String p = method.equals("tsne") ? "" : "umap_";
            Separation.score(sep, epoch, method, "knn_accuracy").ifPresent(x -> out.put(p + "knn_accuracy", percent(x)));
            Separation.score(sep, epoch, method, "silhouette").ifPresent(x -> out.put(p + "silhouette", fixed(x, 2)));
        }
        return out;
    }

    /** @return the key-value pairs in the order given (Map.of's order is unspecified, and the YAML file is diffed) */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** @return a variable key for a run label, e.g. "depth 1, no dropout" -> "depth_1_no_dropout" */
    static String slug(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    /** @return {@code value} with {@code digits} decimals, without the minus sign of a value that rounds to zero */
    static String fixed(double value, int digits) {
        return IntervalText.fixed(value, digits);
    }

    static String percent(double fraction) {
        return fixed(100 * fraction, 2) + " %";
    }

    static String points(double fraction) {
        return fixed(100 * fraction, 2) + " percentage points";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
