package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An optimizer with its initial learning rate and learning-rate schedule.
 *
 * <ul>
 *   <li>{@code sgd}: plain mini-batch SGD, default lr 0.01;</li>
 *   <li>{@code momentum}: SGD with momentum 0.9, default lr 0.01. DL4J's only momentum updater is Nesterov's
 *       ({@code Nesterovs}; Sutskever et al. 2013), which is what runs;</li>
 *   <li>{@code rmsprop}: RMSProp (Tieleman &amp; Hinton 2012), default lr 0.001, decay 0.95, epsilon 1e-8 (DL4J defaults);</li>
 *   <li>{@code adam}: Adam (Kingma &amp; Ba 2015), default lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8.</li>
 * </ul>
 *
 * @param name         sgd, momentum, rmsprop or adam
 * @param learningRate initial learning rate, &gt; 0 and at most 10
 * @param schedule     per-epoch schedule
 */
public record OptimizerSpec(String name, double learningRate, ScheduleSpec schedule) {

    /** Allowed optimizer names. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "rmsprop", "adam");
    /** Momentum coefficient of the {@code momentum} optimizer. */
    public static final double MOMENTUM = 0.9;

    /**
     * @throws IllegalArgumentException naming the field, the value and the allowed range
     */
    @JsonCreator
    public OptimizerSpec(@JsonProperty("name") String name, @JsonProperty("learningRate") Double learningRate,
                         @JsonProperty("schedule") ScheduleSpec schedule) {
        this(name, learningRate == null ? defaultLearningRate(name) : learningRate.doubleValue(),
                schedule == null ? ScheduleSpec.DEFAULT : schedule);
    }

    /** Canonical constructor with validation. */
    public OptimizerSpec {
        name = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("optimizer.name = '" + name + "' is not one of " + NAMES);
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new IllegalArgumentException("optimizer.learningRate = " + learningRate
                    + " is outside the allowed range (0, 10]");
        }
        if (schedule == null) {
            schedule = ScheduleSpec.DEFAULT;
        }
    }

    /**
     * @param name optimizer name
     * @return the paper's learning rate for it (SGD and momentum 0.01, RMSProp and Adam 0.001)
     * @throws IllegalArgumentException for an unknown name
     */
    public static double defaultLearningRate(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "sgd", "momentum" -> 0.01;
            case "rmsprop", "adam" -> 0.001;
            default -> throw new IllegalArgumentException("optimizer.name = '" + name + "' is not one of " + NAMES);
        };
    }

    /** @return the optimizer with the paper's learning rate and the default schedule */
    public static OptimizerSpec paperDefault(String name) {
        return new OptimizerSpec(name, defaultLearningRate(name), ScheduleSpec.DEFAULT);
    }

    /**
     * @param epoch  1-based epoch
     * @param epochs total epochs
     * @return the learning rate used in that epoch
     */
    public double learningRate(int epoch, int epochs) {
        return schedule.learningRate(learningRate, epoch, epochs);
    }

    /**
     * Builds the DL4J updater. The schedule is handed to DL4J as an explicit per-epoch {@link MapSchedule}
     * (keys are DL4J's 0-based epoch counter), so the rate comes from one place: {@link #learningRate(int, int)}.
     *
     * @param epochs total epochs
     * @return the DL4J updater configuration
     */
    public IUpdater toUpdater(int epochs) {
        Map<Integer, Double> perEpoch = new HashMap<>();
        for (int e = 1; e <= epochs; e++) {
            perEpoch.put(e - 1, learningRate(e, epochs));
        }
        ISchedule lr = new MapSchedule(ScheduleType.EPOCH, perEpoch);
        return switch (name) {
            case "sgd" -> new Sgd(lr);
            case "momentum" -> new Nesterovs(lr, MOMENTUM);
            case "rmsprop" -> RmsProp.builder().learningRateSchedule(lr).rmsDecay(RmsProp.DEFAULT_RMSPROP_RMSDECAY)
                    .epsilon(RmsProp.DEFAULT_RMSPROP_EPSILON).build();
            case "adam" -> new Adam(lr);
            default -> throw new IllegalStateException(name);
        };
    }
}
