package org.mnistdynamics.analysis;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A 2-D embedding of (a subsample of) feature rows.
 *
 * @param method      {@code "t-SNE"} or {@code "UMAP"}
 * @param indices     for each embedded point, its row in the input features, shape {@code [m]}, increasing
 * @param coordinates embedded points {@code [m, 2]} (arbitrary units; only neighbourhoods are meaningful)
 * @param labels      class label of each embedded point, shape {@code [m]}, or null if none were given
 * @param seed        the seed used
 * @param seconds     wall time of PCA plus embedding, in seconds
 * @param cost        final Kullback–Leibler divergence of t-SNE (bits, as Smile reports it); NaN for UMAP
 * @param sampled     rows given to the method (after subsampling to {@code maxPoints}); UMAP embeds only the largest
 *                    connected component of its neighbour graph, so {@code m <= sampled}
 * @throws IllegalArgumentException if {@code sampled < m}
 */
public record Embedding(String method, int[] indices, double[][] coordinates, int[] labels, long seed,
                        double seconds, double cost, int sampled) {

    /** Checks that no more points are embedded than were sampled. */
    public Embedding {
        if (sampled < indices.length) {
            throw new IllegalArgumentException(method + " embedding of " + indices.length + " points records only "
                    + sampled + " sampled rows");
        }
    }

    /** An embedding of every sampled row ({@code sampled = m}); parameters as in the record. */
    public Embedding(String method, int[] indices, double[][] coordinates, int[] labels, long seed, double seconds,
                     double cost) {
        this(method, indices, coordinates, labels, seed, seconds, cost, indices.length);
    }

    /** @return true if some sampled rows were left out (UMAP's largest connected component) */
    public boolean partial() {
        return indices.length < sampled;
    }

    /** @return number of embedded points {@code m} */
    public int size() {
        return indices.length;
    }

    /** @return first coordinate of every point, shape {@code [m]} */
    public double[] x() {
        return column(0);
    }

    /** @return second coordinate of every point, shape {@code [m]} */
    public double[] y() {
        return column(1);
    }

    private double[] column(int c) {
        double[] out = new double[coordinates.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = coordinates[i][c];
        }
        return out;
    }

    /**
     * As a Tablesaw table with columns {@code index} (input row), {@code x}, {@code y} and, if labels are known,
     * {@code label}; e.g. for a CSV under {@code results/}.
     *
     * @param name table name
     * @return the table, one row per embedded point
     */
    public Table toTable(String name) {
        Table t = Table.create(name, IntColumn.create("index", indices), DoubleColumn.create("x", x()),
                DoubleColumn.create("y", y()));
        if (labels != null) {
            t.addColumns(IntColumn.create("label", labels));
        }
        return t;
    }
}
