package org.mnistdynamics.train;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.testing.TestData;

import static org.junit.jupiter.api.Assertions.*;

/** The chance-level rule (issue 14, point 4) on MNIST's real class counts and on the reported SGD-at-lr-10 run. */
class ChanceLevelTest {

    @Test
    void chanceIsTheMostFrequentClassShareOfTheEvaluatedImages() {
        int[] counts = TestData.mnist().validation().classCounts();
        // MNIST's last 5,000 training images: digit 7 is the most frequent (563 images)
        assertEquals(563, counts[7]);
        assertEquals(563 / 5000.0, ChanceLevel.chance(counts), 1e-12);
        assertEquals(0.1, ChanceLevel.chance(new int[]{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}), 1e-12);
    }

    @Test
    void theReportedChanceLevelRunIsFlaggedAndALearningRunIsNot() {
        int[] counts = TestData.mnist().validation().classCounts();
        ChanceLevel.Verdict sgd10 = ChanceLevel.of("sgd-lr10", 0.096, counts);
        assertFalse(sgd10.learned());
        assertEquals(0.1126 + 0.10, sgd10.threshold(), 1e-12);
        assertEquals("did not learn: validation accuracy 9.6 % is below 21.3 % (chance 11.3 % + 10 points)", sgd10.note());
        // just above and below the threshold
        assertTrue(ChanceLevel.of("a", 0.2126, counts).learned());
        assertFalse(ChanceLevel.of("b", 0.2125, counts).learned());
        ChanceLevel.Verdict smoke = ChanceLevel.of("adam-smoke", 0.921, counts);
        assertTrue(smoke.learned());
        assertEquals("", smoke.note());
    }

    @Test
    void badInputIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChanceLevel.of("r", Double.NaN, new int[]{1, 1}))
                .getMessage().contains("run r: validation accuracy NaN"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChanceLevel.chance(new int[]{0, 0}))
                .getMessage().contains("all zero"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChanceLevel.chance(new int[]{3, -1}))
                .getMessage().contains("class count 1 is -1"));
    }
}
