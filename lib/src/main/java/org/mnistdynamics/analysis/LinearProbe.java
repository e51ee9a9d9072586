package org.mnistdynamics.analysis;

import smile.classification.LogisticRegression;

/**
 * A linear classifier probe (Alain &amp; Bengio 2016, "Understanding intermediate layers using linear classifier
 * probes", arXiv:1610.01644): multinomial logistic (softmax) regression trained on frozen activations and scored on
 * held-out images. The regression is Smile's {@link LogisticRegression#fit} (multinomial for more than two classes; L-BFGS, deterministic), with an
 * L2 penalty {@code lambda/2 ||W||²} on the summed log-likelihood (needed: with more features than images the data
 * are separable and the unpenalised maximum does not exist). Features are standardised with the training images'
 * mean and standard deviation first (a constant feature becomes 0), so one {@code lambda} fits layers of any scale.
 */
public final class LinearProbe {

    /** L2 penalty of the probes (on the summed log-likelihood of the training images). */
    public static final double LAMBDA = 1.0;
    /** Convergence tolerance of L-BFGS (Smile's default is 1e-5). */
    public static final double TOLERANCE = 1e-5;
    /** Iteration cap of L-BFGS. */
    public static final int MAX_ITERATIONS = 200;

    private LinearProbe() {
    }

    /**
     * @param trainAccuracy accuracy on the probe's training images, in [0, 1]
     * @param testAccuracy  accuracy on the held-out images, in [0, 1]
     * @param features      features per image
     * @param seconds       wall time of standardising, fitting and scoring
     */
    public record Result(double trainAccuracy, double testAccuracy, int features, double seconds) {
    }

    /**
     * @param trainX activations {@code [n][d]} of the probe's training images
     * @param trainY their labels, at least two classes present
     * @param testX  activations {@code [m][d]} of the held-out images
     * @param testY  their labels
     * @return train and test accuracy
     * @throws IllegalArgumentException if sizes disagree or fewer than two classes are present
     */
    public static Result fit(double[][] trainX, int[] trainY, double[][] testX, int[] testY) {
        if (trainX.length != trainY.length || testX.length != testY.length || trainX.length == 0 || testX.length == 0) {
            throw new IllegalArgumentException("probe needs as many labels as images: train " + trainX.length + " images / "
                    + trainY.length + " labels, test " + testX.length + " / " + testY.length);
        }
        if (java.util.Arrays.stream(trainY).distinct().count() < 2) {
            throw new IllegalArgumentException("probe needs at least two classes among its " + trainY.length + " training images");
        }
        long t0 = System.nanoTime();
        int d = trainX[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] row : trainX) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= trainX.length;
        }
        for (double[] row : trainX) {
            for (int j = 0; j < d; j++) {
                double c = row[j] - mean[j];
                sd[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / trainX.length);
        }
        double[][] xs = standardise(trainX, mean, sd);
        double[][] ts = standardise(testX, mean, sd);
        LogisticRegression model = LogisticRegression.fit(xs, trainY, LAMBDA, TOLERANCE, MAX_ITERATIONS);
        double train = accuracy(model, xs, trainY);
        double test = accuracy(model, ts, testY);
        return new Result(train, test, d, (System.nanoTime() - t0) / 1e9);
    }

    private static double accuracy(LogisticRegression model, double[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            if (model.predict(x[i]) == y[i]) {
                right++;
            }
        }
        return (double) right / x.length;
    }

    private static double[][] standardise(double[][] x, double[] mean, double[] sd) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] row = new double[mean.length];
            for (int j = 0; j < mean.length; j++) {
                row[j] = sd[j] > 0 ? (x[i][j] - mean[j]) / sd[j] : 0;
            }
            out[i] = row;
        }
        return out;
    }
}
