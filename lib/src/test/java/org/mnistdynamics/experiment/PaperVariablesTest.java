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
        assertEquals("after 1 epoch", PaperVariables.reaches(OptionalInt.of(1), 20));
        assertEquals("after 3 epochs", PaperVariables.reaches(OptionalInt.of(3), 20));
        assertEquals("not within the 20 epochs", PaperVariables.reaches(OptionalInt.empty(), 20));
        assertEquals("depth_2_no_dropout", PaperVariables.slug("depth 2, no dropout"));
        assertEquals("0.001", org.mnistdynamics.util.Numbers.plain(0.001));
        assertEquals("0.01", org.mnistdynamics.util.Numbers.plain(0.010));
    }
}
