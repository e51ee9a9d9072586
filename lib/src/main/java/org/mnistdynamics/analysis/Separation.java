package org.mnistdynamics.analysis;

import smile.neighbor.KDTree;
import smile.neighbor.Neighbor;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * How well classes separate in an embedding (or any point set), in Euclidean distance:
 * leave-one-out k-nearest-neighbour accuracy and the silhouette (Rousseeuw 1987, "Silhouettes: a graphical aid to
 * the interpretation and validation of cluster analysis", J. Comput. Appl. Math. 20:53–65) with the class labels as
 * clusters.
 */
public final class Separation {

    /** Default number of neighbours of the k-NN accuracy. */
    public static final int DEFAULT_K = 5;

    private Separation() {
    }

    /**
     * Both scores of an embedding that carries labels, measured on the points it kept. An embedding that kept too few
     * points to score (at most {@value #DEFAULT_K}, or a single class: UMAP keeps only the largest connected
     * component of its neighbour graph, which can be one class) gets NaN scores and a note saying so, not an
     * exception; the note also says how many of the sampled points were kept when some were left out.
     *
     * @param embedding an embedding with labels
     * @return k-NN accuracy (k = {@value #DEFAULT_K}) and mean silhouette, and a note
     * @throws IllegalArgumentException if the embedding has no labels
     */
    public static Scores of(Embedding embedding) {
        if (embedding.labels() == null) {
            throw new IllegalArgumentException("embedding has no labels; pass labels to Embeddings.tsne/umap");
        }
        int m = embedding.size();
        long classes = Arrays.stream(embedding.labels()).distinct().count();
        String kept = embedding.partial() ? String.format(java.util.Locale.ROOT, "%,d of %,d points kept", m,
                embedding.sampled()) : "";
        if (m <= DEFAULT_K || classes < 2) {
            String why = m <= DEFAULT_K ? String.format(java.util.Locale.ROOT, "%d points, %d-NN needs more", m, DEFAULT_K)
                    : "one class only";
            String note = (kept.isEmpty() ? String.format(java.util.Locale.ROOT, "%,d points", m) : kept) + " (" + why
                    + "): too few to score the separation";
            return new Scores(Double.NaN, Double.NaN, note);
        }
        return new Scores(knnAccuracy(embedding.coordinates(), embedding.labels(), DEFAULT_K),
                silhouette(embedding.coordinates(), embedding.labels()), kept);
    }

    /**
     * Leave-one-out k-NN accuracy: the fraction of points whose label equals the majority label of their {@code k}
     * nearest other points (Smile {@link KDTree}, Euclidean). A tie between labels goes to the tied label with the
     * nearest neighbour.
     *
     * @param points points {@code [n, d]}
     * @param labels labels {@code [n]}
     * @param k      neighbours, {@code 1 <= k < n}
     * @return accuracy in [0, 1]
     * @throws IllegalArgumentException if shapes disagree, values are not finite or {@code k} is out of range
     */
    public static double knnAccuracy(double[][] points, int[] labels, int k) {
        Embeddings.checkFeatures(points, labels);
        if (labels == null) {
            throw new IllegalArgumentException("labels are null; expected one label per point");
        }
        int n = points.length;
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("k = " + k + " but there are " + n + " points; expected 1 <= k < n");
        }
        KDTree<double[]> tree = KDTree.of(points);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            // Smile excludes the query itself (same array reference) from the result: leave-one-out.
            Neighbor<double[], double[]>[] nb = tree.search(points[i], k);
            Arrays.sort(nb, Comparator.comparingDouble(a -> a.distance));
            if (vote(nb, labels) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / n;
    }

    /**
     * Mean silhouette over all points with the labels as clusters. For point {@code i} with mean distance
     * {@code a(i)} to the other points of its class and smallest mean distance {@code b(i)} to the points of
     * another class, {@code s(i) = (b - a) / max(a, b)}; {@code s(i) = 0} for a class of one point (Rousseeuw 1987).
     * Exact, {@code O(n^2)} distance evaluations.
     *
     * @param points points {@code [n, d]}
     * @param labels labels {@code [n]}, at least two distinct
     * @return mean silhouette in [-1, 1]
     * @throws IllegalArgumentException if shapes disagree, values are not finite or there is only one class
     */
    public static double silhouette(double[][] points, int[] labels) {
        double[] s = silhouetteValues(points, labels);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return sum / s.length;
    }

    /**
     * Mean silhouette per class.
     *
     * @param points points {@code [n, d]}
     * @param labels labels {@code [n]}
     * @return class label to the mean silhouette of its points, in label order
     * @throws IllegalArgumentException as {@link #silhouette(double[][], int[])}
     */
    public static SortedMap<Integer, Double> silhouetteByClass(double[][] points, int[] labels) {
        double[] s = silhouetteValues(points, labels);
        SortedMap<Integer, double[]> acc = new TreeMap<>();
        for (int i = 0; i < s.length; i++) {
            double[] a = acc.computeIfAbsent(labels[i], c -> new double[2]);
            a[0] += s[i];
            a[1]++;
        }
        SortedMap<Integer, Double> out = new TreeMap<>();
        acc.forEach((c, a) -> out.put(c, a[0] / a[1]));
        return out;
    }

    /**
     * Silhouette of every point.
     *
     * @param points points {@code [n, d]}
     * @param labels labels {@code [n]}
     * @return silhouettes {@code [n]}, each in [-1, 1]
     * @throws IllegalArgumentException as {@link #silhouette(double[][], int[])}
     */
    public static double[] silhouetteValues(double[][] points, int[] labels) {
        Embeddings.checkFeatures(points, labels);
        if (labels == null) {
            throw new IllegalArgumentException("labels are null; expected one label per point");
        }
        int[] classes = Arrays.stream(labels).distinct().sorted().toArray();
        if (classes.length < 2) {
            throw new IllegalArgumentException("silhouette needs at least two classes; labels hold only "
                    + Arrays.toString(classes));
        }
        int n = points.length;
        int[] cls = new int[n];
        int[] size = new int[classes.length];
        for (int i = 0; i < n; i++) {
            cls[i] = Arrays.binarySearch(classes, labels[i]);
            size[cls[i]]++;
        }
        double[] s = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] sum = new double[classes.length];
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[cls[j]] += distance(points[i], points[j]);
                }
            }
            int own = cls[i];
            if (size[own] == 1) {
                s[i] = 0;
                return;
            }
            double a = sum[own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < classes.length; c++) {
                if (c != own) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            double max = Math.max(a, b);
            s[i] = max == 0 ? 0 : (b - a) / max;
        });
        return s;
    }

    private static int vote(Neighbor<double[], double[]>[] sortedByDistance, int[] labels) {
        // Count votes per label; iterate nearest first so that the first label to reach the top count wins ties.
        Map<Integer, Integer> votes = new HashMap<>();
        for (Neighbor<double[], double[]> nb : sortedByDistance) {
            votes.merge(labels[nb.index], 1, Integer::sum);
        }
        int best = -1;
        int bestLabel = labels[sortedByDistance[0].index];
        for (Neighbor<double[], double[]> nb : sortedByDistance) {
            int c = votes.get(labels[nb.index]);
            if (c > best) {
                best = c;
                bestLabel = labels[nb.index];
            }
        }
        return bestLabel;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /**
     * Looks up one score in a separation table (the columns of {@link RunAnalysis#separation()}: one row per embedded
     * epoch and method). The article's variables and the side-by-side dataset table read their numbers through this one
     * method.
     *
     * @param separation a separation table with columns {@code epoch} (int), {@code method} (string) and {@code column}
     * @param epoch      an epoch (0 = initial weights)
     * @param method     {@code tsne} or {@code umap}
     * @param column     {@code knn_accuracy} (fraction in [0, 1]) or {@code silhouette} (in [-1, 1])
     * @return the value of the first row of that epoch and method (NaN if it could not be scored: Tablesaw reads a
     *         missing value as NaN), or empty if the table has no such row
     * @throws RuntimeException Tablesaw's exception naming the column, if the table lacks one of the three columns
     */
    public static OptionalDouble score(Table separation, int epoch, String method, String column) {
        Table row = separation.where(separation.intColumn("epoch").isEqualTo(epoch)
                .and(separation.stringColumn("method").isEqualTo(method)));
        return row.rowCount() == 0 ? OptionalDouble.empty() : OptionalDouble.of(row.doubleColumn(column).getDouble(0));
    }

    /**
     * Separation scores of one embedding.
     *
     * @param knnAccuracy leave-one-out k-NN accuracy in [0, 1], NaN if too few points were kept to score
     * @param silhouette  mean silhouette in [-1, 1], NaN likewise
     * @param note        "" when every sampled point was embedded and scored; else how many were kept (e.g. "16 of 200
     *                    points kept") and, if they could not be scored, why
     */
    public record Scores(double knnAccuracy, double silhouette, String note) {

        /** Scores of an embedding of every sampled point. */
        public Scores(double knnAccuracy, double silhouette) {
            this(knnAccuracy, silhouette, "");
        }

        /** @return true if both scores were measured */
        public boolean scored() {
            return !Double.isNaN(knnAccuracy) && !Double.isNaN(silhouette);
        }
    }
}
