package org.mnistdynamics.experiment;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.stats.Verdict;
import org.mnistdynamics.train.OptimizerSpec;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.TransferSpec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Kinds, the summary and the two transfer claims, against values worked out by hand. */
class TransferResultsTest {

    private static RunConfig run(List<Integer> classes, TransferSpec transfer) {
        return new RunConfig("mnist", CnnSpec.BASELINE, OptimizerSpec.paperDefault("adam"), 128, 4, 42, 55_000, 10_000,
                1, RunConfig.NUMERICS, classes, transfer);
    }

    @Test
    void kindsFollowYosinskisNotation() {
        RunConfig a = run(List.of(0, 1, 2, 3, 4), null);
        RunConfig b = run(List.of(5, 6, 7, 8, 9), null);
        assertEquals("base A", TransferResults.kind(a));
        assertEquals("base B", TransferResults.kind(b));
        assertEquals("BnB", TransferResults.kind(run(b.classes(), new TransferSpec(b, 2, true))));
        assertEquals("BnB+", TransferResults.kind(run(b.classes(), new TransferSpec(b, 2, false))));
        assertEquals("AnB", TransferResults.kind(run(b.classes(), new TransferSpec(a, 1, true))));
        assertEquals("AnB+", TransferResults.kind(run(b.classes(), new TransferSpec(a, 3, false))));
        assertThrows(IllegalArgumentException.class, () -> TransferResults.kind(RunConfig.paper(OptimizerSpec.paperDefault("adam"), 42)));
    }

    private static Table perSeed(Object... rows) {
        Table t = Table.create("t", StringColumn.create("label"), StringColumn.create("kind"), IntColumn.create("cut"),
                LongColumn.create("seed"), DoubleColumn.create("test_accuracy"), DoubleColumn.create("minutes"));
        for (int i = 0; i < rows.length; i += 4) {
            t.stringColumn("label").append(rows[i] + " " + rows[i + 1]);
            t.stringColumn("kind").append((String) rows[i]);
            t.intColumn("cut").append((Integer) rows[i + 1]);
            t.longColumn("seed").append((Long) rows[i + 2]);
            t.doubleColumn("test_accuracy").append((Double) rows[i + 3]);
            t.doubleColumn("minutes").append(1.0);
        }
        return t;
    }

    @Test
    void claimsArePairedBySeedAndWorkedOutByHand() {
        // BnB - AnB at cut 3: seeds 1, 2, 3 -> 0.015, 0.020, 0.025: mean 0.02, sd 0.005, half-width
        // t(0.975, 2) x 0.005 / sqrt 3 = 4.303 x 0.002887 = 0.01242 -> [0.0076, 0.0324] excludes 0: holds.
        // At cut 1: 0.001, -0.002, 0.001. Penalty growth (cut 3 - cut 1): 0.014, 0.022, 0.024: mean 0.02,
        // sd sqrt((0.006^2 + 0.002^2 + 0.004^2) / 2) = 0.005292, half-width 0.013146 -> [0.0069, 0.0331]: holds.
        Table t = perSeed(
                "BnB", 3, 1L, 0.990, "AnB", 3, 1L, 0.975,
                "BnB", 3, 2L, 0.990, "AnB", 3, 2L, 0.970,
                "BnB", 3, 3L, 0.995, "AnB", 3, 3L, 0.970,
                "BnB", 1, 1L, 0.991, "AnB", 1, 1L, 0.990,
                "BnB", 1, 2L, 0.990, "AnB", 1, 2L, 0.992,
                "BnB", 1, 3L, 0.993, "AnB", 1, 3L, 0.992,
                "base B", 0, 1L, 0.995);
        List<Claims.Claim> claims = TransferResults.claims(t, 3);
        assertEquals(List.of("transfer_dense_specific", "transfer_block1_general"), claims.stream().map(Claims.Claim::key).toList());
        Claims.Claim specific = claims.get(0);
        assertEquals(0.02, specific.difference().summary().mean(), 1e-12);
        assertEquals(4.302653 * 0.005 / Math.sqrt(3), specific.difference().summary().halfWidth(), 1e-6);
        assertEquals(Verdict.HOLDS, specific.verdict());
        Claims.Claim general = claims.get(1);
        assertEquals(List.of(0.014, 0.022, 0.024), general.difference().differences().stream()
                .map(d -> Math.round(d * 1e6) / 1e6).toList());
        assertEquals(0.02, general.difference().summary().mean(), 1e-12);
        double sd = Math.sqrt((0.006 * 0.006 + 0.002 * 0.002 + 0.004 * 0.004) / 2);
        assertEquals(4.302653 * sd / Math.sqrt(3), general.difference().summary().halfWidth(), 1e-6);
        assertEquals(Verdict.HOLDS, general.verdict());
        // AnB better than BnB at every seed after the dense layer would contradict the specificity claim
        Table reversed = perSeed("BnB", 3, 1L, 0.97, "AnB", 3, 1L, 0.98, "BnB", 3, 2L, 0.97, "AnB", 3, 2L, 0.981);
        assertEquals(Verdict.CONTRADICTED, TransferResults.claims(reversed, 3).get(0).verdict());
        // the summary: one row per kind and cut, bases first; n and the half-width of BnB at cut 3 (0.990, 0.990, 0.995)
        Table s = TransferResults.summary(t);
        assertEquals(List.of("base B", "BnB", "BnB", "AnB", "AnB"), s.stringColumn("kind").asList());
        assertEquals(3, s.intColumn("n").get(2));
        assertEquals((0.990 + 0.990 + 0.995) / 3, s.doubleColumn("mean").get(2), 1e-12);
        assertEquals(4.302653 * Math.sqrt(0.005 * 0.005 / 3) / Math.sqrt(3), s.doubleColumn("half_width").get(2), 1e-6);
        assertTrue(s.doubleColumn("half_width").isMissing(0)); // base B: one seed, no interval (NaN, an empty cell)
        // without AnB runs there is nothing to pair: no claim
        assertTrue(TransferResults.claims(perSeed("BnB", 3, 1L, 0.99), 3).isEmpty());
    }
}
