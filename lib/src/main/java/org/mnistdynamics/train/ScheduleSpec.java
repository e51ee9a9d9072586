package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.mnistdynamics.util.Numbers;

import java.util.Locale;

/**
 * A per-epoch learning-rate schedule: the rate used during epoch {@code e} (1-based) is
 * {@code lr0 * factor(e - 1)} where
 * <ul>
 *   <li>{@code none}: factor 1;</li>
 *   <li>{@code step}: {@code gamma ^ floor((e-1) / stepEpochs)} (step decay, e.g. Krizhevsky et al. 2012 divide by 10);</li>
 *   <li>{@code exponential}: {@code gamma ^ (e-1)};</li>
 *   <li>{@code cosine}: {@code 0.5 * (1 + cos(pi * (e-1) / epochs))} (Loshchilov &amp; Hutter 2017, SGDR without
 *       restarts).</li>
 * </ul>
 * Default ({@link #DEFAULT}): exponential decay with {@code gamma = 0.95} per epoch, so that epoch 20 runs at
 * {@code 0.95^19 = 0.377} of the initial rate.
 *
 * @param type       none, step, exponential or cosine
 * @param gamma      decay factor for step and exponential, in (0, 1]
 * @param stepEpochs epochs between steps for {@code step}, at least 1
 */
public record ScheduleSpec(String type, double gamma, int stepEpochs) {

    /** Allowed schedule names. */
    public static final java.util.List<String> TYPES = java.util.List.of("none", "step", "exponential", "cosine");

    /** The project's default schedule: exponential, gamma 0.95 per epoch. */
    public static final ScheduleSpec DEFAULT = new ScheduleSpec("exponential", 0.95, 1);

    /**
     * @throws IllegalArgumentException naming the field, the value and the allowed values
     */
    @JsonCreator
    public ScheduleSpec(@JsonProperty("type") String type, @JsonProperty("gamma") Double gamma,
                        @JsonProperty("stepEpochs") Integer stepEpochs) {
        this(type, gamma == null ? 0.95 : gamma, stepEpochs == null ? 5 : stepEpochs);
    }

    /** Canonical constructor with validation. */
    public ScheduleSpec {
        type = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("schedule.type = '" + type + "' is not one of " + TYPES);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("schedule.gamma = " + gamma + " is outside the allowed range (0, 1]");
        }
        if (stepEpochs < 1) {
            throw new IllegalArgumentException("schedule.stepEpochs = " + stepEpochs + " must be at least 1");
        }
        // Unused parameters are normalised so that equal schedules have equal run ids.
        if (!type.equals("step")) {
            stepEpochs = 1;
        }
        if (type.equals("none") || type.equals("cosine")) {
            gamma = 1.0;
        }
    }

    /**
     * @return a short description for tables and the article, e.g. "exponential decay, × 0.95 per epoch",
     *         "step decay, × 0.5 every 5 epochs", "cosine annealing", "constant"
     */
    public String describe() {
        return switch (type) {
            case "none" -> "constant";
            case "step" -> String.format(Locale.ROOT, "step decay, × %s every %d epochs", Numbers.plain(gamma), stepEpochs);
            case "exponential" -> String.format(Locale.ROOT, "exponential decay, × %s per epoch", Numbers.plain(gamma));
            case "cosine" -> "cosine annealing";
            default -> throw new IllegalStateException(type);
        };
    }

    /**
     * @param initial initial learning rate
     * @param epoch   1-based epoch
     * @param epochs  total epochs of the run (for cosine)
     * @return the learning rate used throughout that epoch
     */
    public double learningRate(double initial, int epoch, int epochs) {
        int e = epoch - 1;
        return switch (type) {
            case "none" -> initial;
            case "step" -> initial * Math.pow(gamma, Math.floorDiv(e, stepEpochs));
            case "exponential" -> initial * Math.pow(gamma, e);
            case "cosine" -> initial * 0.5 * (1 + Math.cos(Math.PI * e / epochs));
            default -> throw new IllegalStateException(type);
        };
    }
}
