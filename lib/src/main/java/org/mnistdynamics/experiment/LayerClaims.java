package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.LayerAnalysis;
import org.mnistdynamics.stats.PairedDifference;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layer analyses of several seeds of one configuration stacked into tables, and the claims of the Discussion's
 * first and fourth points that they decide, each a difference paired by seed with its 95 % t interval and a verdict
 * ({@link Claims.Claim}; {@link org.mnistdynamics.stats.Verdict}).
 *
 * <ul>
 *   <li>{@code probe_dense_over_input}: at the last epoch a linear probe on the dense layer beats one on the pixels
 *       (later layers become digit-specific: linearly more separable; Alain &amp; Bengio 2016).</li>
 *   <li>{@code probe_block1_over_input}: the same for the first block's output.</li>
 *   <li>{@code cka_bottom_up}: the first block reaches CKA {@link LayerAnalysis#CKA_THRESHOLD} with its final self in
 *       fewer epochs than the dense layer (bottom-up convergence, Raghu et al. 2017); difference in epochs.</li>
 *   <li>{@code reinit_block1_critical}: resetting conv1 to its initial weights costs more test accuracy than
 *       resetting the dense layer (Zhang, Bengio &amp; Singer 2022 found the first layer critical).</li>
 *   <li>{@code dense_spectral_spike}: the dense layer's largest singular value grows relative to the
 *       Marchenko-Pastur edge of its initial weights (Martin &amp; Mahoney 2021: training adds structure, "spikes",
 *       to a random bulk).</li>
 * </ul>
 */
public final class LayerClaims {

    /**
     * Every layer claim's statement by key, the transfer claims' ({@link TransferResults#claims}) included, in the
     * Discussion's order: the one home of their words, so that a claim not measured yet still reads as a sentence.
     */
    public static final Map<String, String> STATEMENTS = statements();

    /** Every layer claim's key, so that missing runs read as "not measured yet". */
    public static final List<String> KEYS = List.copyOf(STATEMENTS.keySet());

    private static Map<String, String> statements() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("probe_dense_over_input", "a linear probe on the dense layer beats one on the pixels");
        s.put("probe_block1_over_input", "a linear probe on the first block beats one on the pixels");
        s.put("cka_bottom_up", "the first block converges (CKA " + LayerAnalysis.CKA_THRESHOLD
                + " with its final self) in fewer epochs than the dense layer");
        s.put("reinit_block1_critical", "resetting conv1 to its initial weights costs more test accuracy than "
                + "resetting the dense layer");
        s.put("dense_spectral_spike", "the dense layer's largest singular value grows beyond the Marchenko-Pastur "
                + "edge of its initial weights");
        s.put("transfer_block1_general", "the transfer penalty BnB − AnB (frozen) is smaller with only the first block "
                + "copied than with the layers up to the dense layer copied");
        s.put("transfer_dense_specific", "with the layers up to the dense layer copied and frozen, features from the "
                + "other half (AnB) do worse on B than B's own (BnB)");
        return java.util.Collections.unmodifiableMap(s);
    }

    /** @return a claim of {@link #STATEMENTS} with its statement */
    static Claims.Claim claim(String key, String unit, double scale, PairedDifference difference) {
        return new Claims.Claim(key, STATEMENTS.get(key), unit, scale, difference, true);
    }

    private LayerClaims() {
    }

    /** @return the probes of all analyses, one table (columns of {@link LayerAnalysis#probes()}) */
    public static Table probes(List<LayerAnalysis> analyses) throws IOException {
        return stack(analyses, "probes");
    }

    /** @return the CKA-to-final tables of all analyses */
    public static Table ckaToFinal(List<LayerAnalysis> analyses) throws IOException {
        return stack(analyses, "cka");
    }

    /** @return the re-initialisation tables of all analyses */
    public static Table reinitialisation(List<LayerAnalysis> analyses) throws IOException {
        return stack(analyses, "reinit");
    }

    /** @return the spectra tables of all analyses */
    public static Table spectra(List<LayerAnalysis> analyses) throws IOException {
        return stack(analyses, "spectra");
    }

    /**
     * @return per seed and layer: columns seed, layer, depth, epoch (first epoch with CKA at least
     *         {@link LayerAnalysis#CKA_THRESHOLD} with the layer's final self)
     */
    public static Table ckaThresholdEpochs(List<LayerAnalysis> analyses) throws IOException {
        Table out = null;
        for (LayerAnalysis a : analyses) {
            Table t = a.ckaThresholdEpochs(LayerAnalysis.CKA_THRESHOLD);
            Table s = Table.create("cka-threshold", tech.tablesaw.api.LongColumn.create("seed", t.rowCount()));
            for (int i = 0; i < t.rowCount(); i++) {
                s.longColumn("seed").set(i, a.run().config().seed());
            }
            s.addColumns(t.columns().toArray(new tech.tablesaw.columns.Column<?>[0]));
            out = out == null ? s : out.append(s);
        }
        return out;
    }

    /**
     * @param analyses one per seed of one configuration on one dataset (none: no claim)
     * @return the claims these analyses answer (all but the transfer claims, which need training)
     * @throws IllegalArgumentException if the analyses' runs were trained on different datasets (naming two runs)
     * @throws IOException              if an analysis cannot be read or computed
     */
    public static List<Claims.Claim> of(List<LayerAnalysis> analyses) throws IOException {
        List<Claims.Claim> out = new ArrayList<>();
        if (analyses.isEmpty()) {
            return out;
        }
        requireOneDataset(analyses);
        Table probes = probes(analyses);
        int last = analyses.get(0).run().config().epochs();
        Map<Long, Double> dense = bySeed(probes, "layer", "dense", "epoch", last, "test_accuracy");
        Map<Long, Double> block1 = bySeed(probes, "layer", "block1", "epoch", last, "test_accuracy");
        Map<Long, Double> input = bySeed(probes, "layer", "input", "epoch", last, "test_accuracy");
        out.add(claim("probe_dense_over_input", "percentage points", 100, PairedDifference.of(dense, input)));
        out.add(claim("probe_block1_over_input", "percentage points", 100, PairedDifference.of(block1, input)));
        Table cka = ckaThresholdEpochs(analyses);
        out.add(claim("cka_bottom_up", "epochs", 1, PairedDifference.of(bySeedInt(cka, "dense"), bySeedInt(cka, "block1"))));
        Table reinit = reinitialisation(analyses);
        out.add(claim("reinit_block1_critical", "percentage points", 100,
                PairedDifference.of(bySeed(reinit, "layer", "dense", "reset_epoch", 0, "test_accuracy"),
                        bySeed(reinit, "layer", "conv1", "reset_epoch", 0, "test_accuracy"))));
        Table spectra = spectra(analyses);
        Map<Long, Double> ratioLast = ratio(spectra, last);
        Map<Long, Double> ratioInit = ratio(spectra, 0);
        out.add(claim("dense_spectral_spike", "(ratio σ_max / edge)", 1, PairedDifference.of(ratioLast, ratioInit)));
        return out;
    }

    private static Map<Long, Double> ratio(Table spectra, int epoch) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (Row r : spectra) {
            if (r.getString("layer").equals("dense") && r.getInt("epoch") == epoch) {
                out.put(r.getLong("seed"), r.getDouble("sigma_max") / r.getDouble("mp_edge"));
            }
        }
        return out;
    }

    private static Map<Long, Double> bySeedInt(Table cka, String layer) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (Row r : cka) {
            if (r.getString("layer").equals(layer)) {
                out.put(r.getLong("seed"), (double) r.getInt("epoch"));
            }
        }
        return out;
    }

    private static Map<Long, Double> bySeed(Table t, String keyColumn, String key, String intColumn, int value, String metric) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (Row r : t) {
            if (r.getString(keyColumn).equals(key) && r.getInt(intColumn) == value) {
                out.put(r.getLong("seed"), r.getDouble(metric));
            }
        }
        return out;
    }

    /**
     * Pairing by seed compares like with like only on one dataset: as {@link Claims#of} refuses plans of two datasets,
     * the layer claims and tables refuse analyses of runs trained on different datasets.
     *
     * @param analyses layer analyses
     * @throws IllegalArgumentException naming the first run and the first run of another dataset
     */
    static void requireOneDataset(List<LayerAnalysis> analyses) {
        if (analyses.isEmpty()) {
            return;
        }
        var first = analyses.get(0).run().config();
        for (LayerAnalysis a : analyses) {
            var c = a.run().config();
            if (!c.dataset().equals(first.dataset())) {
                throw new IllegalArgumentException("layer analyses compare runs of one dataset, but run " + first.runId()
                        + " was trained on " + first.dataset() + " and run " + c.runId() + " on " + c.dataset());
            }
        }
    }

    private static Table stack(List<LayerAnalysis> analyses, String which) throws IOException {
        requireOneDataset(analyses);
        Table out = null;
        for (LayerAnalysis a : analyses) {
            Table t = switch (which) {
                case "probes" -> a.probes();
                case "cka" -> a.ckaToFinal();
                case "reinit" -> a.reinitialisation();
                default -> a.spectra();
            };
            out = out == null ? t.copy() : out.append(t);
        }
        if (out == null) {
            throw new IllegalArgumentException("no layer analyses to stack (no run with checkpoints)");
        }
        return out;
    }
}
