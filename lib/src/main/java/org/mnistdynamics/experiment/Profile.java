package org.mnistdynamics.experiment;

import java.util.Arrays;
import java.util.Locale;

/**
 * How much of the paper's setting a run uses. The same code runs all three (DESIGN convention 7).
 *
 * <ul>
 *   <li>{@code smoke}: CI; 2,048 training images, 2 epochs, 1,000 evaluation images, the plan's first 2 seeds:
 *       seconds per run;</li>
 *   <li>{@code quick}: a first look; 30,000 training images, 5 epochs, 5,000 evaluation images, the first 3 seeds
 *       (README, "Profiles");</li>
 *   <li>{@code full}: the paper; all 55,000 training images, the plan's epochs (20), all 5,000 validation and
 *       10,000 test images, the plan's 5 seeds.</li>
 * </ul>
 */
public enum Profile {
    /** Continuous integration. */
    SMOKE(2_048, 2, 1_000, 2),
    /** A first look. */
    QUICK(30_000, 5, 5_000, 3),
    /** The paper's settings. */
    FULL(55_000, Integer.MAX_VALUE, 10_000, 5);

    /** Environment variable that selects the profile for notebooks and scripts. */
    public static final String ENV = "MNIST_PROFILE";

    private final int trainImages;
    private final int maxEpochs;
    private final int evalImages;
    private final int seeds;

    Profile(int trainImages, int maxEpochs, int evalImages, int seeds) {
        this.trainImages = trainImages;
        this.maxEpochs = maxEpochs;
        this.evalImages = evalImages;
        this.seeds = seeds;
    }

    /**
     * @return how many of a plan's seeds this profile runs (the first ones): 2 for smoke (the least that gives a
     *         confidence interval, so CI runs the statistics end to end), 3 for quick, 5 for full
     */
    public int seeds() {
        return seeds;
    }

    /** @return training images used */
    public int trainImages() {
        return trainImages;
    }

    /** @return evaluation images per split (capped by the split's size) */
    public int evalImages() {
        return evalImages;
    }

    /**
     * @param planEpochs the plan's (full) number of epochs
     * @return epochs under this profile
     */
    public int epochs(int planEpochs) {
        return Math.min(planEpochs, maxEpochs);
    }

    /** @return lower-case name, as used on the command line and in records */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name smoke, quick or full (any case)
     * @return the profile
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static Profile parse(String name) {
        for (Profile p : values()) {
            if (p.id().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("profile '" + name + "' is not one of "
                + Arrays.stream(values()).map(Profile::id).toList());
    }

    /**
     * @param flag a command-line value, or null
     * @return the profile named by the flag, else by {@value #ENV}, else {@link #FULL}
     * @throws IllegalArgumentException naming an unknown value
     */
    public static Profile fromFlagOrEnvironment(String flag) {
        return flag == null ? fromEnvironment(FULL) : parse(flag);
    }

    /**
     * @return the profile named by {@value #ENV}, or {@code fallback} when it is unset
     * @throws IllegalArgumentException if the variable holds an unknown name
     */
    public static Profile fromEnvironment(Profile fallback) {
        String value = System.getenv(ENV);
        return value == null || value.isBlank() ? fallback : parse(value);
    }
}
