package org.mnistdynamics.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

import static org.junit.jupiter.api.Assertions.*;

class ScheduleAndOptimizerTest {

    @Test
    void schedulesByHand() {
        // exponential 0.95: epoch 1 -> lr0, epoch 3 -> lr0 * 0.95^2 = 0.9025 lr0
        assertEquals(0.001 * 0.9025, ScheduleSpec.DEFAULT.learningRate(0.001, 3, 20), 1e-15);
        // step: gamma 0.5 every 5 epochs: epochs 1-5 lr0, 6-10 lr0/2, 11 lr0/4
        ScheduleSpec step = new ScheduleSpec("step", 0.5, 5);
        assertEquals(0.01, step.learningRate(0.01, 5, 20), 1e-15);
        assertEquals(0.005, step.learningRate(0.01, 6, 20), 1e-15);
        assertEquals(0.0025, step.learningRate(0.01, 11, 20), 1e-15);
        // cosine over 20 epochs: epoch 11 is half way, 0.5 * (1 + cos(pi/2)) = 0.5
        ScheduleSpec cosine = new ScheduleSpec("cosine", 1.0, 1);
        assertEquals(0.5, cosine.learningRate(1.0, 11, 20), 1e-12);
        assertEquals(1.0, cosine.learningRate(1.0, 1, 20), 1e-12);
        assertEquals(0.01, new ScheduleSpec("none", 1.0, 1).learningRate(0.01, 20, 20));
    }

    @Test
    void dl4jUpdaterUsesTheSameRatePerEpoch() {
        OptimizerSpec adam = OptimizerSpec.paperDefault("adam");
        IUpdater u = adam.toUpdater(20);
        assertInstanceOf(Adam.class, u);
        for (int epoch = 1; epoch <= 20; epoch++) {
            // DL4J's epoch counter is 0-based
            assertEquals(adam.learningRate(epoch, 20), u.getLearningRate(0, epoch - 1), 1e-15, "epoch " + epoch);
        }
        IUpdater momentum = OptimizerSpec.paperDefault("momentum").toUpdater(20);
        assertInstanceOf(Nesterovs.class, momentum);
        assertEquals(0.9, ((Nesterovs) momentum).getMomentum(), 0);
        assertEquals(0.01, OptimizerSpec.paperDefault("sgd").learningRate(1, 20));
        assertEquals(0.001, OptimizerSpec.paperDefault("rmsprop").learningRate(1, 20));
    }

    @Test
    void badValuesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec("adam", -0.1, ScheduleSpec.DEFAULT))
                .getMessage().contains("optimizer.learningRate = -0.1 is outside the allowed range (0, 10]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec("adam", 0.0, ScheduleSpec.DEFAULT))
                .getMessage().contains("optimizer.learningRate = 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OptimizerSpec("adagrad", 0.1, ScheduleSpec.DEFAULT))
                .getMessage().contains("optimizer.name = 'adagrad' is not one of [sgd, momentum, rmsprop, adam]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ScheduleSpec("linear", 0.5, 1))
                .getMessage().contains("schedule.type = 'linear' is not one of [none, step, exponential, cosine]"));
    }

    @Test
    void schedulesDescribeThemselvesForTablesAndTheArticle() {
        assertEquals("exponential decay, × 0.95 per epoch", ScheduleSpec.DEFAULT.describe());
        assertEquals("step decay, × 0.5 every 5 epochs", new ScheduleSpec("step", 0.5, 5).describe());
        assertEquals("cosine annealing", new ScheduleSpec("cosine", 0.5, 3).describe());
        assertEquals("constant", new ScheduleSpec("none", 0.3, 2).describe());
        // epoch 20 of the default schedule runs at 0.95^19 = 0.3774 of the initial rate
        assertEquals(0.001 * Math.pow(0.95, 19), OptimizerSpec.paperDefault("adam").learningRate(20, 20), 1e-15);
    }
}
