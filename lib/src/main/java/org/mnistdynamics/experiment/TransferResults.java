package org.mnistdynamics.experiment;

import org.mnistdynamics.stats.PairedDifference;
import org.mnistdynamics.stats.SeedSummary;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transfer plan's results (Yosinski, Clune, Bengio &amp; Lipson 2014, "How transferable are features in deep neural
 * networks?"): each run's final test accuracy on its task, its kind and cut, and the two claims they decide.
 *
 * <p>Kinds, from a run's configuration: "base A" / "base B" (trained from scratch on one half), "BnB" (layers below the
 * cut copied from the base of the same half, frozen), "AnB" (copied from the other half's base, frozen), and "BnB+",
 * "AnB+" (copied, then fine-tuned). Claims, each a difference paired by seed with its 95 % t interval:
 * <ul>
 *   <li>{@code transfer_dense_specific}: with the layers up to the dense layer copied and frozen, features of the
 *       other half do worse than the task's own (BnB − AnB &gt; 0 at the last cut): the dense layer is specific.</li>
 *   <li>{@code transfer_block1_general}: the same penalty BnB − AnB is smaller with only the first block copied than
 *       with everything up to the dense layer (the first block is the more general; Yosinski's generality decreasing
 *       with depth).</li>
 * </ul>
 */
public final class TransferResults {

    /** The kinds of transfer run in the order of Yosinski's Figure 2 legend. */
    public static final List<String> KINDS = List.of("BnB", "BnB+", "AnB", "AnB+");

    private TransferResults() {
    }

    /**
     * @param config a run of the transfer plan
     * @return its kind: "base A" or "base B" for a base (A = the half holding label 0), else BnB, BnB+, AnB or AnB+
     * @throws IllegalArgumentException if the run is on all classes (not a transfer-plan run)
     */
    public static String kind(RunConfig config) {
        if (config.classes() == null) {
            throw new IllegalArgumentException("run " + config.runId() + " trains on all classes; not a transfer-plan run");
        }
        if (config.transfer() == null) {
            return config.classes().contains(0) ? "base A" : "base B";
        }
        boolean self = config.transfer().base().classes().equals(config.classes());
        return (self ? "BnB" : "AnB") + (config.transfer().frozen() ? "" : "+");
    }

    /**
     * @param transfer the transfer plan's result (finished runs only are listed)
     * @return one row per finished run: label, kind, cut (0 for a base), seed, test_accuracy (fraction, last epoch,
     *         on the run's own classes), minutes (training wall time)
     */
    public static Table perSeed(PlanResult transfer) {
        Table t = Table.create("transfer-seeds", StringColumn.create("label"), StringColumn.create("kind"),
                IntColumn.create("cut"), LongColumn.create("seed"), DoubleColumn.create("test_accuracy"),
                DoubleColumn.create("minutes"));
        for (PlanResult.Outcome o : transfer.runs()) {
            if (o.result().isEmpty()) {
                continue;
            }
            RunResult r = o.result().get();
            t.stringColumn("label").append(o.label());
            t.stringColumn("kind").append(kind(r.config()));
            t.intColumn("cut").append(r.config().transfer() == null ? 0 : r.config().transfer().cut());
            t.longColumn("seed").append(o.seed());
            t.doubleColumn("test_accuracy").append(r.finalValue("test", "accuracy"));
            t.doubleColumn("minutes").append(Summaries.trainingMinutes(r));
        }
        return t;
    }

    /**
     * @param perSeed {@link #perSeed(PlanResult)}
     * @return per kind and cut: kind, cut, n, mean and half_width (of the 95 % t interval; NaN from one seed) of the
     *         test accuracy (fractions), in the order of {@link #KINDS}, bases first
     */
    public static Table summary(Table perSeed) {
        Table t = Table.create("transfer-summary", StringColumn.create("kind"), IntColumn.create("cut"),
                IntColumn.create("n"), DoubleColumn.create("mean"), DoubleColumn.create("half_width"));
        List<String> kinds = new ArrayList<>(List.of("base A", "base B"));
        kinds.addAll(KINDS);
        for (String kind : kinds) {
            Map<Integer, List<Double>> byCut = new java.util.TreeMap<>();
            for (Row r : perSeed) {
                if (r.getString("kind").equals(kind)) {
                    byCut.computeIfAbsent(r.getInt("cut"), c -> new ArrayList<>()).add(r.getDouble("test_accuracy"));
                }
            }
            byCut.forEach((cut, values) -> {
                SeedSummary s = SeedSummary.of(values.stream().mapToDouble(Double::doubleValue).toArray());
                t.stringColumn("kind").append(kind);
                t.intColumn("cut").append(cut);
                t.intColumn("n").append(s.n());
                t.doubleColumn("mean").append(s.mean());
                t.doubleColumn("half_width").append(s.hasInterval() ? s.halfWidth() : Double.NaN);
            });
        }
        return t;
    }

    /**
     * @param transfer the transfer plan's result
     * @return {@link #claims(Table, int)} of its finished runs, the last cut being the one after its dense layer
     */
    public static List<Claims.Claim> claims(PlanResult transfer) {
        int lastCut = transfer.plan().model().depth() + 1;
        return claims(perSeed(transfer), lastCut);
    }

    /**
     * @param perSeed {@link #perSeed(PlanResult)}
     * @param lastCut the cut after the dense layer (depth + 1)
     * @return the two claims above, each present when BnB and AnB share a seed at the cuts it needs
     */
    public static List<Claims.Claim> claims(Table perSeed, int lastCut) {
        List<Claims.Claim> out = new ArrayList<>();
        Optional<PairedDifference> penaltyLast = penalty(perSeed, lastCut);
        Optional<PairedDifference> penaltyFirst = penalty(perSeed, 1);
        penaltyLast.ifPresent(p -> out.add(LayerClaims.claim("transfer_dense_specific", "percentage points", 100, p)));
        if (penaltyLast.isPresent() && penaltyFirst.isPresent()) {
            Map<Long, Double> last = penaltyLast.get().bySeed();
            Map<Long, Double> first = penaltyFirst.get().bySeed();
            if (last.keySet().stream().anyMatch(first::containsKey)) {
                out.add(LayerClaims.claim("transfer_block1_general", "percentage points", 100,
                        PairedDifference.of(last, first)));
            }
        }
        return out;
    }

    /** BnB − AnB (frozen) at a cut, paired by seed, if both have a seed there. */
    private static Optional<PairedDifference> penalty(Table perSeed, int cut) {
        Map<Long, Double> bnb = accuracy(perSeed, "BnB", cut);
        Map<Long, Double> anb = accuracy(perSeed, "AnB", cut);
        if (bnb.keySet().stream().noneMatch(anb::containsKey)) {
            return Optional.empty();
        }
        return Optional.of(PairedDifference.of(bnb, anb));
    }

    private static Map<Long, Double> accuracy(Table perSeed, String kind, int cut) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (Row r : perSeed) {
            if (r.getString("kind").equals(kind) && r.getInt("cut") == cut) {
                out.put(r.getLong("seed"), r.getDouble("test_accuracy"));
            }
        }
        return out;
    }
}
