package org.mnistdynamics.experiment;

import java.util.List;

/**
 * Published Fashion-MNIST test accuracies of networks comparable to the paper's small CNN, quoted next to ours. Source of
 * every entry: the table of submitted benchmarks in the README of the dataset's repository (zalandoresearch/fashion-mnist,
 * section "Benchmark"; the maintainers note they did not verify the submissions). The dataset itself: Xiao, Rasul &amp;
 * Vollgraf (2017), "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms", arXiv:1708.07747.
 */
public final class PublishedResults {

    /**
     * One published result.
     *
     * @param key          variable key
     * @param model        the model as its source names it
     * @param testAccuracy test accuracy, fraction
     * @param source       where it is published
     */
    public record Entry(String key, String model, double testAccuracy, String source) {
    }

    private static final String README = "zalandoresearch/fashion-mnist README, submitted benchmarks";

    /** Fashion-MNIST, no data augmentation, in the source's words. */
    public static final List<Entry> FASHION_MNIST = List.of(
            new Entry("keras_2conv", "2 Conv Layers with max pooling (Keras)", 0.876, README),
            new Entry("pytorch_2conv_elu", "2 Conv Layers with max pooling and ELU activation (PyTorch)", 0.903, README),
            new Entry("tensorflow_2conv", "2 Conv Layers with max pooling (TensorFlow), more than 300 epochs", 0.916, README),
            new Entry("pytorch_2conv_100k", "2 Conv Layers net, fewer than 100K parameters", 0.925, README),
            new Entry("human", "human performance (crowd-sourced, 1,000 test images)", 0.835, README));

    private PublishedResults() {
    }
}
