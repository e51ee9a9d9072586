package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.LayerAnalysis;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code _variables.yml} entries of the "Beyond MNIST" comparison: the second dataset's numbers (under its own key,
 * e.g. {@code fashion}) and, per principle, its verdict on each dataset and across them ({@code principles}). Keys exist
 * whether or not the runs have finished; unfinished ones read {@link PaperVariables#NOT_MEASURED}.
 */
final class ComparisonVariables {

    private ComparisonVariables() {
    }

    /**
     * @param other a dataset other than MNIST
     * @param sizes image counts of its layer analyses
     * @return its variables: seeds, thresholds, per optimizer and variant the accuracies, claims (the plans' and the
     *         layer claims of its layer-analysed seeds), the layer numbers as MNIST's ({@code layers}), separation,
     *         weights and published reference accuracies
     * @throws IOException if an analysis cannot be read
     */
    static Map<String, Object> dataset(DatasetResults other, LayerAnalysis.Sizes sizes) throws IOException {
        Map<String, Object> v = new LinkedHashMap<>();
        AccuracyThresholds th = other.thresholds();
        PlanResult optimizers = other.optimizers();
        v.put("name", other.displayName());
        int n = optimizers.runs(Paper.ANALYSED_RUN).size();
        v.put("seeds_completed", n == 0 ? "no seed yet" : n + (n == 1 ? " seed" : " seeds"));
        v.put("lower_threshold", AccuracyThresholds.percent(th.lower()) + " %");
        v.put("upper_threshold", AccuracyThresholds.percent(th.upper()) + " %");
        Map<String, Object> opt = new LinkedHashMap<>();
        for (ExperimentPlan.ResolvedRun r : firstSeed(optimizers)) {
            String label = r.label();
            boolean has = !optimizers.runs(label).isEmpty();
            opt.put(r.config().optimizer().name(), PaperVariables.map(
                    "n", String.valueOf(optimizers.runs(label).size()),
                    "test_accuracy", has ? PaperVariables.percent(Summaries.summary(optimizers, label, "test_accuracy")) : PaperVariables.NOT_MEASURED,
                    "reaches_lower", has ? PaperVariables.reaches(Summaries.thresholdEpochs(optimizers, label, th.lower())) : PaperVariables.NOT_MEASURED,
                    "reaches_upper", has ? PaperVariables.reaches(Summaries.thresholdEpochs(optimizers, label, th.upper())) : PaperVariables.NOT_MEASURED));
        }
        v.put("optimizers", opt);
        PlanResult architecture = other.architecture();
        Map<String, Object> variants = new LinkedHashMap<>();
        for (ExperimentPlan.ResolvedRun r : firstSeed(architecture)) {
            String label = r.label();
            boolean has = !architecture.runs(label).isEmpty();
            variants.put(PaperVariables.slug(label), PaperVariables.map("n", String.valueOf(architecture.runs(label).size()),
                    "test_accuracy", has ? PaperVariables.percent(Summaries.summary(architecture, label, "test_accuracy")) : PaperVariables.NOT_MEASURED));
        }
        String best = Summaries.bestOnValidation(List.of(architecture)).map(Summaries.Best::label).orElse(null);
        v.put("architecture", PaperVariables.map("variants", variants,
                "best", best == null ? PaperVariables.map("name", "none yet", "test_accuracy", PaperVariables.NOT_MEASURED)
                        : PaperVariables.map("name", best, "test_accuracy", PaperVariables.percent(Summaries.summary(architecture, best, "test_accuracy")))));
        Map<String, Object> claims = PaperVariables.claimVariables(optimizers, architecture);
        // The transfer claims need the transfer plan, which runs on MNIST only: not listed for another dataset.
        PaperVariables.layerClaimVariables(other.layers()).forEach((key, value) -> {
            if (!key.startsWith("transfer_")) {
                claims.put(key, value);
            }
        });
        v.put("claims", claims);
        v.put("layers", PaperVariables.layerVariables(other.layers(), sizes));
        Map<String, Object> separation = new LinkedHashMap<>();
        Map<String, Object> weights = new LinkedHashMap<>();
        if (other.analysis().isPresent()) {
            Table sep = other.analysis().get().separation();
            int last = other.analysis().get().run().config().epochs();
            separation.put("initial", PaperVariables.separationAt(sep, 0));
            separation.put("final", PaperVariables.separationAt(sep, last));
            // The Beyond MNIST text cites the dense layer's excess kurtosis, as PaperVariables formats it for MNIST.
            Object dense = PaperVariables.weightVariables(other.analysis().get().weightStatistics(), last).get("dense");
            if (dense instanceof Map<?, ?> d) {
                for (String key : List.of("kurtosis_epoch0", "kurtosis_epochfinal")) {
                    if (d.containsKey(key)) {
                        weights.put(key, d.get(key));
                    }
                }
            }
            separation.put("analysed_seed", String.valueOf(other.analysis().get().run().config().seed()));
        } else {
            Map<String, Object> none = PaperVariables.map("knn_accuracy", PaperVariables.NOT_MEASURED, "silhouette", PaperVariables.NOT_MEASURED);
            separation.put("initial", none);
            separation.put("final", none);
            weights.putAll(PaperVariables.map("kurtosis_epoch0", PaperVariables.NOT_MEASURED, "kurtosis_epochfinal", PaperVariables.NOT_MEASURED));
            separation.put("analysed_seed", "none yet");
        }
        v.put("separation", separation);
        v.put("weights", PaperVariables.map("dense", weights));
        Map<String, Object> published = new LinkedHashMap<>();
        for (PublishedResults.Entry e : PublishedResults.FASHION_MNIST) {
            published.put(e.key(), PaperVariables.fixed(100 * e.testAccuracy(), 1) + " %"); // as published: 3 digits
        }
        v.put("published", published);
        return v;
    }

    /**
     * @param datasets the datasets, MNIST first
     * @return per principle: its phrase per dataset (keyed by the dataset's slug) and across datasets
     * @throws IOException if a layer analysis cannot be read or computed
     */
    static Map<String, Object> principles(List<DatasetResults> datasets) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (DatasetComparison.Principle p : DatasetComparison.Principle.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (DatasetResults d : datasets) {
                m.put(PaperVariables.slug(d.name()), DatasetComparison.state(p, d).phrase());
            }
            m.put("across", DatasetComparison.acrossDatasets(p, datasets));
            out.put(p.key(), m);
        }
        return out;
    }

    /** @return the plan's runs of its first seed, one per configuration, in plan order (keys exist before runs finish) */
    private static List<ExperimentPlan.ResolvedRun> firstSeed(PlanResult plan) {
        List<ExperimentPlan.ResolvedRun> all = plan.plan().resolve(plan.profile());
        long first = all.get(0).seed();
        return all.stream().filter(r -> r.seed() == first).toList();
    }
}
