package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.FilterStructure;
import org.mnistdynamics.analysis.RunAnalysis;
import org.mnistdynamics.analysis.TsneOptions;
import org.mnistdynamics.analysis.Separation;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.model.CnnSpec;
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
        RunResult best = null;
        String bestLabel = "";
        for (PlanResult plan : new PlanResult[]{optimizers, architecture}) {
            for (PlanResult.Outcome o : plan.runs()) {
                if (o.result().isPresent() && (best == null
                        || o.result().get().finalValue("validation", "accuracy") > best.finalValue("validation", "accuracy"))) {
                    best = o.result().get();
                    bestLabel = o.label() + ", " + plan.plan().name() + " plan";
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("no completed run to report");
        }
        // The best run is chosen on validation accuracy; its test accuracy is what the article reports.
        v.put("accuracy", map("best_test", percent(best.finalValue("test", "accuracy")), "best_run", bestLabel));
        v.put("data", map("image_shape", "28 × 28", "train_images", count(data.train().size()),
                "validation_images", count(data.validation().size()), "test_images", count(data.test().size())));
        RunConfig base = optimizers.run(Paper.ANALYSED_RUN).config();
        CnnSpec m = base.model();
        v.put("model", map("conv_layers", String.valueOf(m.depth()), "conv_filters", m.filters(0) + " and " + m.filters(1),
                "kernel_size", m.kernelSize() + " × " + m.kernelSize(), "dense_units", String.valueOf(m.denseUnits()),
                "dropout", String.valueOf(m.dropout()), "parameters", count(m.parameterCount())));
        // The Discussion's verdicts are prose written for the full profile; a shorter profile's article says so.
        String notice = optimizers.profile() == Profile.FULL ? "" : "This build uses the " + optimizers.profile().id()
                + " profile (" + count(base.trainImages()) + " training images, " + base.epochs()
                + " epochs): its numbers are not the paper's, and the verdicts below were written for the full profile,"
                + " so they need not match these numbers.";
        v.put("training", map("epochs", String.valueOf(base.epochs()), "batch_size", String.valueOf(base.batchSize()),
                "profile", optimizers.profile().id(), "profile_notice", notice, "seeds", "one seed (" + base.seed() + ")",
                "train_images", count(base.trainImages())));
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("names", "SGD, SGD with Nesterov momentum, RMSProp and Adam");
        opt.put("target_accuracy", "99 %");
        // All optimizers share the schedule in the paper's plan; the Adam run's stands for them.
        var schedule = base.optimizer().schedule();
        opt.put("schedule", schedule.describe());
        opt.put("final_lr_factor", fixed(base.optimizer().learningRate(base.epochs(), base.epochs())
                / base.optimizer().learningRate(), 3));
        for (PlanResult.Outcome o : optimizers.runs()) {
            String key = o.result().map(r -> r.config().optimizer().name()).orElse(o.runId().split("-")[0]);
            if (o.result().isEmpty()) {
                opt.put(key, map("test_accuracy", "failed", "epochs_to_99", "failed", "epochs_to_98", "failed"));
                continue;
            }
            RunResult r = o.result().get();
            double behindAdam = optimizers.run(Paper.ANALYSED_RUN).finalValue("test", "accuracy") - r.finalValue("test", "accuracy");
            opt.put(key, map("learning_rate", Numbers.plain(r.config().optimizer().learningRate()),
                    "test_accuracy", percent(r.finalValue("test", "accuracy")),
                    "behind_adam", points(behindAdam),
                    "validation_accuracy", percent(r.finalValue("validation", "accuracy")),
                    "epochs_to_99", epochs(Summaries.epochsTo(r, 0.99)), "epochs_to_98", epochs(Summaries.epochsTo(r, 0.98)),
                    "reaches_99", reaches(Summaries.epochsTo(r, 0.99), r.config().epochs()),
                    "reaches_98", reaches(Summaries.epochsTo(r, 0.98), r.config().epochs()),
                    "minutes", String.format(Locale.ROOT, "%.0f", Summaries.trainingMinutes(r))));
        }
        v.put("optimizers", opt);
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
        Table arch = Summaries.architectureTable(architecture);
        Map<String, Object> a = new LinkedHashMap<>();
        int bestArch = 0;
        for (int i = 0; i < arch.rowCount(); i++) {
            if (arch.doubleColumn("validation_accuracy").get(i) > arch.doubleColumn("validation_accuracy").get(bestArch)) {
                bestArch = i;
            }
        }
        for (Row r : arch) {
            if (r.getInt("depth") == 2 && r.getDouble("width") == 1.0 && r.getDouble("dropout") > 0) {
                a.put("baseline", map("test_accuracy", percent(r.getDouble("test_accuracy")),
                        "gap", points(r.getDouble("generalization_gap"))));
            }
            if (r.getInt("depth") == 2 && r.getDouble("width") == 1.0 && r.getDouble("dropout") == 0) {
                v.put("regularization", map("no_dropout", map("test_accuracy", percent(r.getDouble("test_accuracy")),
                        "gap", points(r.getDouble("generalization_gap")))));
            }
        }
        Map<String, Object> variants = new LinkedHashMap<>();
        for (Row r : arch) {
            variants.put(slug(r.getString("run")), map("test_accuracy", percent(r.getDouble("test_accuracy")),
                    "validation_accuracy", percent(r.getDouble("validation_accuracy")),
                    "gap", points(r.getDouble("generalization_gap"))));
        }
        a.put("variants", variants);
        // Test accuracy with dropout minus without, for each depth and width trained both ways.
        Map<String, Object> dropoutGain = new LinkedHashMap<>();
        for (Row with : arch) {
            for (Row without : arch) {
                if (with.getDouble("dropout") > 0 && without.getDouble("dropout") == 0
                        && with.getInt("depth") == without.getInt("depth") && with.getDouble("width") == without.getDouble("width")) {
                    String key = "depth_" + with.getInt("depth") + (with.getDouble("width") == 1.0 ? ""
                            : "_width_" + slug(String.valueOf(with.getDouble("width"))));
                    dropoutGain.put(key, points(with.getDouble("test_accuracy") - without.getDouble("test_accuracy")));
                }
            }
        }
        a.put("dropout_gain", dropoutGain);
        if (arch.rowCount() > 0) {
            a.put("best", map("name", arch.stringColumn("run").get(bestArch),
                    "test_accuracy", percent(arch.doubleColumn("test_accuracy").get(bestArch))));
            a.put("epochs", String.valueOf(architecture.runs().get(0).result().map(r -> r.config().epochs()).orElse(0)));
        }
        v.put("architecture", a);
        String header = "# Generated by `bin/mnist-dynamics analyze --profile " + optimizers.profile().id()
                + "` from the recorded runs; do not edit.\n";
        AtomicFiles.write(file, (header + Json.YAML.writeValueAsString(v).replaceFirst("^---\\n", ""))
                .getBytes(StandardCharsets.UTF_8));
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
        String text = String.format(Locale.ROOT, "%." + digits + "f", value);
        return text.matches("-0\\.?0*") ? text.substring(1) : text;
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

    /** @return "after 4 epochs" / "after 1 epoch", or "not within the 3 epochs" */
    static String reaches(OptionalInt e, int budget) {
        if (e.isPresent()) {
            return "after " + e.getAsInt() + (e.getAsInt() == 1 ? " epoch" : " epochs");
        }
        return "not within the " + budget + (budget == 1 ? " epoch" : " epochs");
    }

    static String epochs(OptionalInt e) {
        return e.isPresent() ? String.valueOf(e.getAsInt()) : "not reached";
    }
}
