package org.mnistdynamics.stats;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.*;

class SeedSummaryTest {

    @Test
    void tQuantilesMatchTheTables() {
        // Two-sided 95 % quantiles from any t table: df 1, 2, 4, 9
        assertEquals(12.706, SeedSummary.tQuantile(1), 5e-4);
        assertEquals(4.303, SeedSummary.tQuantile(2), 5e-4);
        assertEquals(2.776, SeedSummary.tQuantile(4), 5e-4);
        assertEquals(2.262, SeedSummary.tQuantile(9), 5e-4);
    }

    @Test
    void intervalOfFiveSeedsWorkedOutByHand() {
        // mean 0.991; deviations -1, 1, 0, 2, -2 (x 1e-3): sum of squares 1e-5, sd = sqrt(1e-5 / 4) = 0.00158114;
        // half-width = 2.776445 x 0.00158114 / sqrt(5) = 0.00196324
        SeedSummary s = SeedSummary.of(0.990, 0.992, 0.991, 0.993, 0.989);
        assertEquals(5, s.n());
        assertEquals(0.991, s.mean(), 1e-12);
        assertEquals(0.00158114, s.sd(), 1e-8);
        assertEquals(0.00196324, s.halfWidth(), 1e-8);
        assertEquals(0.991 - 0.00196324, s.lower(), 1e-8);
        assertEquals("99.10 ± 0.20", IntervalText.meanInterval(s, 100, 2));
        assertEquals("[98.90, 99.30]", IntervalText.interval(s, 100, 2));
    }

    @Test
    void oneSeedHasNoIntervalAndBadValuesAreNamed() {
        SeedSummary one = SeedSummary.of(0.5);
        assertFalse(one.hasInterval());
        assertTrue(Double.isNaN(one.halfWidth()));
        assertEquals("50.00", IntervalText.meanInterval(one, 100, 2));
        assertEquals(Verdict.NOT_RESOLVED, Verdict.of(one, true));
        assertEquals("value 2 of 3 is NaN", assertThrows(IllegalArgumentException.class,
                () -> SeedSummary.of(1, Double.NaN, 2)).getMessage());
        assertThrows(IllegalArgumentException.class, SeedSummary::of);
    }

    @Test
    void pairsBySeedNotByPosition() {
        // b lists its seeds in another order and has one seed that a lacks; pairing must follow the seeds
        Map<Long, Double> a = Map.of(42L, 0.995, 43L, 0.990, 44L, 0.993);
        Map<Long, Double> b = Map.of(44L, 0.990, 42L, 0.991, 43L, 0.989, 45L, 0.5);
        PairedDifference d = PairedDifference.of(a, b);
        assertEquals(List.of(42L, 43L, 44L), d.seeds());
        assertEquals(0.004, d.differences().get(0), 1e-12);
        assertEquals(0.001, d.differences().get(1), 1e-12);
        assertEquals(0.003, d.differences().get(2), 1e-12);
        // mean (4 + 1 + 3) / 3 = 2.6667e-3; sd of (4, 1, 3)e-3 = 1.5275e-3; hw = 4.3027 x 1.5275e-3 / sqrt(3)
        assertEquals(0.0026667, d.summary().mean(), 1e-7);
        assertEquals(0.0015275, d.summary().sd(), 1e-7);
        assertEquals(4.302653 * 0.0015275252 / Math.sqrt(3), d.summary().halfWidth(), 1e-8);
        // interval [-1.1e-3, 6.5e-3] contains 0
        assertEquals(Verdict.NOT_RESOLVED, d.verdict(true));
        assertEquals("is not resolved at 3 seeds", d.verdict(true).phrase(3));
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(Map.of(1L, 1.0), Map.of(2L, 1.0)));
    }

    @Test
    void verdictsFollowTheIntervalAndTheClaimedDirection() {
        SeedSummary positive = SeedSummary.of(0.010, 0.012, 0.011, 0.013, 0.009); // interval [0.0090, 0.0130]
        assertEquals(Verdict.HOLDS, Verdict.of(positive, true));
        assertEquals(Verdict.CONTRADICTED, Verdict.of(positive, false));
        SeedSummary straddling = SeedSummary.of(-0.002, 0.003, 0.001, -0.001, 0.002);
        assertEquals(Verdict.NOT_RESOLVED, Verdict.of(straddling, true));
        assertEquals(Verdict.NOT_RESOLVED, Verdict.of(straddling, false));
        assertEquals("holds", Verdict.HOLDS.phrase(5));
        assertEquals("is contradicted", Verdict.CONTRADICTED.phrase(5));
    }

    @Test
    void seedsThatNeverReachAThresholdAreShownNotDropped() {
        ThresholdEpochs e = new ThresholdEpochs(List.of(OptionalInt.of(3), OptionalInt.empty(), OptionalInt.of(4),
                OptionalInt.of(3), OptionalInt.of(5)), 20);
        assertEquals(4, e.reached());
        assertEquals("3, never, 4, 3, 5", e.perSeed());
        // over 3, 4, 3, 5: mean 3.75, sd 0.9574, hw = 3.1824 x 0.9574 / 2 = 1.5234
        assertEquals("3.8 ± 1.5 (4 of 5 seeds; 1 never)", e.describe());
        assertArrayEquals(new double[]{3, 21, 4, 3, 5}, e.censored());
        assertEquals("never in 20 epochs", new ThresholdEpochs(List.of(OptionalInt.empty(), OptionalInt.empty()), 20).describe());
    }
}
