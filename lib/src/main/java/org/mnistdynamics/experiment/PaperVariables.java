package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.FilterStructure;
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
     * @param optimizers   the optimizers plan
     * @param architecture the architecture plan
     * @param analysis     the analysed run (Adam baseline)
     * @param data         the dataset
     * @param file         target, e.g. {@code _variables.yml}
     * @throws IOException if an analysis cannot be read or the file cannot be written
     */
    public static void write(PlanResult optimizers, PlanResult architecture, RunAnalysis analysis, DatasetSplits data,
                             Path file) throws IOException {
        Map<String, Object> v = new LinkedHashMap<>();
        // The best configuration is chosen on mean validation accuracy across seeds; its test accuracy is reported.
        String bestLabel = "";
        SeedSummary bestValidation = null;
        SeedSummary bestTest = null;
        for (PlanResult plan : new PlanResult[]{optimizers, architecture}) {
            for (String label : plan.configurations()) {
                if (plan.runs(label).isEmpty()) {
                    continue;
                }
                SeedSummary val = Summaries.summary(plan, label, "validation_accuracy");
                if (bestValidation == null || val.mean() > bestValidation.mean()) {
                    bestValidation = val;
                    bestTest = Summaries.summary(plan, label, "test_accuracy");
                    bestLabel = label + ", " + plan.plan().name() + " plan";
                }
            }
        }
        if (bestTest == null) {
            throw new IllegalStateException("no completed run to report");
        }
        v.put("accuracy", map("best_test", percent(bestTest), "best_run", bestLabel));
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
        Map<String, Object> claims = new LinkedHashMap<>();
        for (Claims.Claim c : Claims.of(optimizers, architecture)) {
            claims.put(c.key(), map("statement", c.statement(), "verdict", c.verdict().phrase(c.difference().summary().n()),
                    "difference", c.meanText(), "interval", c.intervalText(), "n", String.valueOf(c.difference().summary().n())));
        }
        for (String key : Claims.KEYS) {
            claims.putIfAbsent(key, map("statement", key, "verdict", NOT_MEASURED, "difference", "—", "interval", "—", "n", "0"));
        }
        v.put("claims", claims);
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
        String bestArch = null;
        SeedSummary bestArchValidation = null;
        Map<String, Object> variants = new LinkedHashMap<>();
        for (String label : architecture.configurations()) {
            if (architecture.runs(label).isEmpty()) {
                continue;
            }
            SeedSummary val = Summaries.summary(architecture, label, "validation_accuracy");
            if (bestArchValidation == null || val.mean() > bestArchValidation.mean()) {
                bestArchValidation = val;
                bestArch = label;
            }
            variants.put(slug(label), map("test_accuracy", percent(Summaries.summary(architecture, label, "test_accuracy")),
                    "validation_accuracy", percent(val),
                    "gap", points(Summaries.summary(architecture, label, "generalization_gap")),
                    "n", String.valueOf(architecture.runs(label).size())));
        }
        a.put("variants", variants);
        if (bestArch != null) {
            a.put("best", map("name", bestArch,
                    "test_accuracy", percent(Summaries.summary(architecture, bestArch, "test_accuracy"))));
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
        String header = "# Generated by `bin/mnist-dynamics analyze --profile " + optimizers.profile().id()
                + "` from the recorded runs; do not edit.\n";
        AtomicFiles.write(file, (header + Json.YAML.writeValueAsString(v).replaceFirst("^---\\n", ""))
                .getBytes(StandardCharsets.UTF_8));
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

    private static Map<String, Object> weightVariables(Table stats, int lastEpoch) {
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

    private static Map<String, Object> separationAt(Table sep, int epoch) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Row r : sep) {
            if (r.getInt("epoch") == epoch) {
                String p = r.getString("method").equals("tsne") ? "" : "umap_";
                out.put(p + "knn_accuracy", percent(r.getDouble("knn_accuracy")));
                out.put(p + "silhouette", fixed(r.getDouble("silhouette"), 2));
            }
        }
        return out;
    }

    private static Map<String, Object> map(Object... kv) {
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
