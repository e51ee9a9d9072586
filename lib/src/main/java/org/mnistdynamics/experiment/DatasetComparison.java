package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.Separation;
import org.mnistdynamics.stats.IntervalText;
import org.mnistdynamics.stats.PairedDifference;
import org.mnistdynamics.stats.Verdict;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The article's "Beyond MNIST" comparison: the same plans on several datasets side by side (final accuracy per
 * optimizer and per variant as mean ± half-width of the 95 % t interval, epochs to each dataset's own thresholds, the
 * dropout gain per depth, the separation of the penultimate layer), and for each of the seed paper's four principles
 * whether it holds on each dataset, computed from the paired claims of {@link Claims} exactly as on MNIST.
 */
public final class DatasetComparison {

    private DatasetComparison() {
    }

    /**
     * The seed paper's four principles (its Sec. 5) and the claims whose paired intervals decide each on every dataset.
     * Principles 2 and 3 are decided by the plans' claims ({@link Claims}); principles 1 and 4 by the layer claims of
     * the Adam baseline ({@link LayerClaims}) that need no training beyond the plans, so that they exist on every
     * dataset: the transfer claims, which need the MNIST-only transfer plan, stay in the MNIST Discussion.
     */
    public enum Principle {
        /** Early layers learn general features, later layers class-specific ones. */
        EARLY_GENERAL("early_general"),
        /** Adam converges faster than SGD, with comparable final accuracy; decided by the speed claim against SGD. */
        ADAM_FASTER("adam_faster"),
        /** Dropout improves generalization, especially in deeper networks; both parts must hold. */
        DROPOUT_DEEPER("dropout_deeper"),
        /** Weights move from Gaussian to more complex, task-specific distributions. */
        WEIGHTS_COMPLEX("weights_complex");

        private final String key;

        Principle(String key) {
            this.key = key;
        }

        /** @return the variable key, e.g. {@code adam_faster} */
        public String key() {
            return key;
        }

        /**
         * @param dataset registered dataset name
         * @return the claim keys that decide this principle on the dataset
         */
        public List<String> claimKeys(String dataset) {
            AccuracyThresholds th = AccuracyThresholds.of(dataset);
            return switch (this) {
                // Later layers specific: a linear probe reads the class off the dense layer far better than off the
                // pixels (Alain & Bengio 2016); early layers general and learnt first: the first block reaches its
                // final representation (CKA) before the dense layer does (Raghu et al. 2017, bottom-up convergence).
                case EARLY_GENERAL -> List.of("probe_dense_over_input", "cka_bottom_up");
                case ADAM_FASTER -> List.of("adam_faster_than_sgd_" + AccuracyThresholds.percent(th.lower()));
                case DROPOUT_DEEPER -> List.of("dropout_gain_depth_2", "dropout_gain_grows_with_depth");
                // Task-specific structure: the dense layer's largest singular value leaves the Marchenko-Pastur bulk of
                // its random initial weights (Martin & Mahoney 2021).
                case WEIGHTS_COMPLEX -> List.of("dense_spectral_spike");
            };
        }

        /** @return true if the layer analyses (not the plans' runs alone) decide this principle */
        public boolean fromLayers() {
            return this == EARLY_GENERAL || this == WEIGHTS_COMPLEX;
        }
    }

    /** A principle's state on one dataset: a verdict at n seeds, or not measured (its runs have not finished). */
    public record State(Optional<Verdict> verdict, int n) {

        /** @return e.g. "holds", "is not resolved at 3 seeds", "is not measured yet" */
        public String phrase() {
            return verdict.map(v -> v.phrase(n)).orElse("is not measured yet");
        }

        /** @return true if the principle holds */
        public boolean holds() {
            return verdict.filter(v -> v == Verdict.HOLDS).isPresent();
        }
    }

    /**
     * Combines the verdicts of a principle's claims on one dataset (see {@link #state(List, Map)}): the plans' claims, and
     * for principles 1 and 4 the layer claims of the dataset's layer-analysed seeds.
     *
     * @param principle a principle
     * @param results   one dataset's results
     * @return the state
     * @throws IOException if a layer analysis cannot be read or computed
     */
    public static State state(Principle principle, DatasetResults results) throws IOException {
        Map<String, Claims.Claim> claims = new LinkedHashMap<>();
        Claims.of(results.optimizers(), results.architecture()).forEach(c -> claims.put(c.key(), c));
        if (principle.fromLayers()) {
            LayerClaims.of(results.layers()).forEach(c -> claims.put(c.key(), c));
        }
        return state(principle.claimKeys(results.name()), claims);
    }

    /**
     * Combines the verdicts of the claims that decide a principle: it holds if every claim holds, is contradicted if
     * any claim is contradicted, is not measured if a claim is missing (its runs or checkpoints are not at hand), and is
     * otherwise not resolved at the smallest n among its claims.
     *
     * @param keys   the deciding claims' keys ({@link Principle#claimKeys(String)})
     * @param claims the claims measured on one dataset, by key
     * @return the state
     */
    static State state(List<String> keys, Map<String, Claims.Claim> claims) {
        int n = Integer.MAX_VALUE;
        boolean all = true;
        boolean contradicted = false;
        for (String key : keys) {
            Claims.Claim c = claims.get(key);
            if (c == null) {
                return new State(Optional.empty(), 0);
            }
            n = Math.min(n, c.difference().summary().n());
            all &= c.verdict() == Verdict.HOLDS;
            contradicted |= c.verdict() == Verdict.CONTRADICTED;
        }
        Verdict v = contradicted ? Verdict.CONTRADICTED : all ? Verdict.HOLDS : Verdict.NOT_RESOLVED;
        return new State(Optional.of(v), n);
    }

    /**
     * @param principle a principle
     * @param datasets  the datasets, MNIST first
     * @return e.g. "holds on both datasets", "holds on MNIST only (on Fashion-MNIST it is not resolved at 3 seeds)",
     *         "holds on neither dataset (on MNIST it is not resolved at 5 seeds; on Fashion-MNIST it is contradicted)"
     *         when a dataset contradicts it, else "is established on neither dataset yet (on MNIST it is not resolved
     *         at 2 seeds; on Fashion-MNIST it is not measured yet)"
     * @throws IOException if a layer analysis cannot be read or computed
     */
    public static String acrossDatasets(Principle principle, List<DatasetResults> datasets) throws IOException {
        List<String> holding = new ArrayList<>();
        List<String> others = new ArrayList<>();
        boolean contradicted = false;
        for (DatasetResults d : datasets) {
            State s = state(principle, d);
            contradicted |= s.verdict().filter(v -> v == Verdict.CONTRADICTED).isPresent();
            if (s.holds()) {
                holding.add(d.displayName());
            } else {
                others.add("on " + d.displayName() + " it " + s.phrase());
            }
        }
        String detail = others.isEmpty() ? "" : " (" + String.join("; ", others) + ")";
        if (holding.size() == datasets.size()) {
            return datasets.size() == 2 ? "holds on both datasets" : "holds on every dataset";
        }
        if (holding.isEmpty()) {
            // "holds on neither" would read as a refutation: say so only when the data speak against the principle.
            return (contradicted ? "holds on neither dataset" : "is established on neither dataset yet") + detail;
        }
        return "holds on " + String.join(" and ", holding) + " only" + detail;
    }

    /**
     * The four principles side by side: one row per deciding claim ({@link Principle#claimKeys(String)}), with per
     * dataset the paired difference (mean ± half-width of the 95 % t interval, n) and the claim's verdict. The speed
     * claim's key carries each dataset's own threshold, so the claim column drops it and gives the unit instead.
     *
     * @param datasets the datasets, MNIST first
     * @return the table, text cells: principle, claim, per dataset {@code <short name>} and
     *         {@code <short name> verdict} ("holds", "contradicted", "not resolved"; "—" and "not measured yet" where a
     *         claim's runs or checkpoints are not at hand)
     * @throws IOException if a layer analysis cannot be read or computed
     */
    public static Table principleTable(List<DatasetResults> datasets) throws IOException {
        Table t = Table.create("principles by dataset", StringColumn.create("principle"), StringColumn.create("claim"));
        List<Map<String, Claims.Claim>> measured = new ArrayList<>();
        for (DatasetResults d : datasets) {
            t.addColumns(StringColumn.create(d.shortName()), StringColumn.create(d.shortName() + " verdict"));
            Map<String, Claims.Claim> claims = new LinkedHashMap<>();
            Claims.of(d.optimizers(), d.architecture()).forEach(c -> claims.put(c.key(), c));
            LayerClaims.of(d.layers()).forEach(c -> claims.put(c.key(), c));
            measured.add(claims);
        }
        for (Principle p : Principle.values()) {
            List<String> keys = p.claimKeys(datasets.get(0).name());
            for (int k = 0; k < keys.size(); k++) {
                String unit = "";
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < datasets.size(); i++) {
                    Claims.Claim c = measured.get(i).get(p.claimKeys(datasets.get(i).name()).get(k));
                    if (c == null) {
                        cells.add("—");
                        cells.add("not measured yet");
                        continue;
                    }
                    unit = c.unit().equals("percentage points") ? "pp" : c.unit().replaceAll("[()]", "");
                    var summary = c.difference().summary();
                    cells.add(IntervalText.meanInterval(summary, c.scale(), 2) + " (n = " + summary.n() + ")");
                    cells.add(c.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                }
                t.stringColumn("principle").append(p.key().replace('_', ' '));
                // Spaces, not the key's underscores: a long key cannot wrap and widened the table past the text column.
                String claim = keys.get(k).replaceAll("_\\d+$", "").replace('_', ' ');
                t.stringColumn("claim").append(unit.isEmpty() ? claim : claim + " (" + unit + ")");
                for (int i = 0; i < datasets.size(); i++) {
                    t.stringColumn(datasets.get(i).shortName()).append(cells.get(2 * i));
                    t.stringColumn(datasets.get(i).shortName() + " verdict").append(cells.get(2 * i + 1));
                }
            }
        }
        return t;
    }

    /**
     * Final test accuracy and epochs to each dataset's lower threshold per optimizer, side by side: one row per
     * optimizer, columns {@code optimizer}, {@code n} (finished seeds per dataset, "5 / 3"), then per dataset
     * {@code <short name> test (%)} (mean ± half-width), then per dataset {@code <short name> ep. to <lower> %}. A
     * dataset without finished runs of an optimizer shows "—".
     *
     * @param datasets the datasets, MNIST first
     * @return the table, text cells
     */
    public static Table optimizerTable(List<DatasetResults> datasets) {
        Table t = Table.create("optimizers by dataset", StringColumn.create("optimizer"), StringColumn.create("n"));
        for (DatasetResults d : datasets) {
            t.addColumns(StringColumn.create(d.shortName() + " test (%)"));
        }
        for (DatasetResults d : datasets) {
            t.addColumns(StringColumn.create(epochsColumn(d)));
        }
        for (String label : datasets.get(0).optimizers().configurations()) {
            t.stringColumn("optimizer").append(label);
            List<String> n = new ArrayList<>();
            for (DatasetResults d : datasets) {
                PlanResult plan = d.optimizers();
                boolean has = !plan.runs(label).isEmpty();
                n.add(String.valueOf(plan.runs(label).size()));
                t.stringColumn(d.shortName() + " test (%)").append(has
                        ? IntervalText.meanInterval(Summaries.summary(plan, label, "test_accuracy"), 100, 2) : "—");
                t.stringColumn(epochsColumn(d)).append(has
                        ? Summaries.thresholdEpochs(plan, label, d.thresholds().lower()).describe() : "—");
            }
            t.stringColumn("n").append(String.join(" / ", n));
        }
        return t;
    }

    private static String epochsColumn(DatasetResults d) {
        return d.shortName() + " ep. to " + AccuracyThresholds.percent(d.thresholds().lower()) + " %";
    }

    /**
     * The dropout gain (test accuracy with minus without dropout, paired by seed, percentage points, mean ± half-width)
     * per depth and width, side by side: one row per variant of the first dataset's architecture plan.
     *
     * @param datasets the datasets, MNIST first
     * @return the table, text cells ("—" where a dataset's pair has not finished)
     */
    public static Table dropoutTable(List<DatasetResults> datasets) {
        Table t = Table.create("dropout gain by dataset", StringColumn.create("variant"));
        List<Map<String, String[]>> pairs = new ArrayList<>();
        for (DatasetResults d : datasets) {
            t.addColumns(StringColumn.create(d.shortName() + " gain (pp)"));
            pairs.add(Claims.dropoutPairs(d.architecture()));
        }
        List<String> variants = new ArrayList<>();
        pairs.forEach(p -> p.keySet().stream().filter(k -> !variants.contains(k)).forEach(variants::add));
        for (String variant : variants) {
            t.stringColumn("variant").append(variant.replace("depth_", "depth ").replace("_width_0_5", ", width 0.5"));
            for (int i = 0; i < datasets.size(); i++) {
                String[] labels = pairs.get(i).get(variant);
                String cell = "—";
                if (labels != null) {
                    PlanResult plan = datasets.get(i).architecture();
                    PairedDifference gain = PairedDifference.of(Summaries.perSeed(plan, labels[0], "test_accuracy"),
                            Summaries.perSeed(plan, labels[1], "test_accuracy"));
                    cell = IntervalText.meanInterval(gain.summary(), 100, 2);
                }
                t.stringColumn(datasets.get(i).shortName() + " gain (pp)").append(cell);
            }
        }
        return t;
    }

    /**
     * Separation of the classes in the t-SNE embedding of the penultimate layer (one run per dataset, the analysed
     * seed): per dataset, the 5-NN accuracy and silhouette at the initial and the final epoch.
     *
     * @param datasets the datasets, MNIST first
     * @return the table; a dataset without analysis reads "—"
     * @throws IOException if an analysis cannot be read
     */
    public static Table separationTable(List<DatasetResults> datasets) throws IOException {
        Table t = Table.create("separation by dataset", StringColumn.create("dataset"), StringColumn.create("k-NN initial (%)"),
                StringColumn.create("k-NN final (%)"), StringColumn.create("silhouette initial"),
                StringColumn.create("silhouette final"));
        for (DatasetResults d : datasets) {
            t.stringColumn("dataset").append(d.displayName());
            Optional<Table> sep = d.analysis().isPresent() ? Optional.of(d.analysis().get().separation()) : Optional.empty();
            int last = d.analysis().map(a -> a.run().config().epochs()).orElse(-1);
            t.stringColumn("k-NN initial (%)").append(tsne(sep, 0, "knn_accuracy", 100, 1));
            t.stringColumn("k-NN final (%)").append(tsne(sep, last, "knn_accuracy", 100, 1));
            t.stringColumn("silhouette initial").append(tsne(sep, 0, "silhouette", 1, 2));
            t.stringColumn("silhouette final").append(tsne(sep, last, "silhouette", 1, 2));
        }
        return t;
    }

    /**
     * The weight statistics of the fourth principle side by side (one run per dataset, the analysed seed): per dataset
     * and layer, the weights' excess kurtosis at initialisation and after the final epoch, and after the final epoch the
     * Kolmogorov–Smirnov distance to a fitted Gaussian and the bimodality coefficient (5/9 for a uniform distribution).
     *
     * @param datasets the datasets, MNIST first
     * @return the table; a dataset without analysis has one row reading "—"
     * @throws IOException if an analysis cannot be read
     */
    public static Table weightTable(List<DatasetResults> datasets) throws IOException {
        Table t = Table.create("weights by dataset", StringColumn.create("dataset"), StringColumn.create("layer"),
                StringColumn.create("kurtosis initial"), StringColumn.create("kurtosis final"),
                StringColumn.create("KS final"), StringColumn.create("BC final"));
        for (DatasetResults d : datasets) {
            if (d.analysis().isEmpty()) {
                t.stringColumn("dataset").append(d.displayName());
                for (String c : List.of("layer", "kurtosis initial", "kurtosis final", "KS final", "BC final")) {
                    t.stringColumn(c).append("—");
                }
                continue;
            }
            int last = d.analysis().get().run().config().epochs();
            // Tablesaw's Row is a cursor: keep values, not rows.
            Map<String, Double> initialKurtosis = new LinkedHashMap<>();
            Table stats = d.analysis().get().weightStatistics();
            for (Row r : stats) {
                if (r.getString("parameter").equals("W") && r.getInt("epoch") == 0) {
                    initialKurtosis.put(r.getString("layer"), r.getDouble("excess_kurtosis"));
                }
            }
            for (Row r : stats) {
                if (r.getString("parameter").equals("W") && r.getInt("epoch") == last) {
                    String layer = r.getString("layer");
                    t.stringColumn("dataset").append(d.displayName());
                    t.stringColumn("layer").append(layer);
                    t.stringColumn("kurtosis initial").append(IntervalText.fixed(initialKurtosis.get(layer), 2));
                    t.stringColumn("kurtosis final").append(IntervalText.fixed(r.getDouble("excess_kurtosis"), 2));
                    t.stringColumn("KS final").append(IntervalText.fixed(r.getDouble("ks_distance"), 3));
                    t.stringColumn("BC final").append(IntervalText.fixed(r.getDouble("bimodality"), 3));
                }
            }
        }
        return t;
    }

    private static String tsne(Optional<Table> separation, int epoch, String column, double scale, int decimals) {
        if (separation.isEmpty()) {
            return "—";
        }
        OptionalDouble value = Separation.score(separation.get(), epoch, "tsne", column);
        return value.isPresent() ? IntervalText.fixed(scale * value.getAsDouble(), decimals) : "—";
    }
}
