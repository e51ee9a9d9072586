package org.mnistdynamics.experiment;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the article's numbers read: fixed decimals, units, no "-0.00", epochs in words. */
class PaperVariablesTest {

    @Test
    void numbersReadAsTheArticlePrintsThem() {
        assertEquals("0.00", PaperVariables.fixed(-0.0001, 2));
        assertEquals("0", PaperVariables.fixed(-0.2, 0));
        assertEquals("-0.01", PaperVariables.fixed(-0.0051, 2));
        assertEquals("1.61", PaperVariables.fixed(1.6149, 2));
        assertEquals("99.26 %", PaperVariables.percent(0.99260));
        assertEquals("0.00 percentage points", PaperVariables.points(-0.00001));
        assertEquals("-0.11 percentage points", PaperVariables.points(-0.0011));
        var seeds = new org.mnistdynamics.stats.ThresholdEpochs(java.util.List.of(OptionalInt.of(2), OptionalInt.of(3),
                OptionalInt.of(2), OptionalInt.empty()), 20);
        // over 2, 3, 2: mean 2.33, sd 0.577, half-width 4.303 x 0.577 / sqrt(3) = 1.43
        assertEquals("after 2.3 ± 1.4 (3 of 4 seeds; 1 never) epochs", PaperVariables.reaches(seeds));
        assertEquals("not within the 20 epochs", PaperVariables.reaches(
                new org.mnistdynamics.stats.ThresholdEpochs(java.util.List.of(OptionalInt.empty()), 20)));
        var five = org.mnistdynamics.stats.SeedSummary.of(0.990, 0.992, 0.991, 0.993, 0.989);
        assertEquals("99.10 ± 0.20 %", PaperVariables.percent(five));
        assertEquals("depth_2_no_dropout", PaperVariables.slug("depth 2, no dropout"));
        assertEquals("0.001", org.mnistdynamics.util.Numbers.plain(0.001));
        assertEquals("0.01", org.mnistdynamics.util.Numbers.plain(0.010));
    }
}
