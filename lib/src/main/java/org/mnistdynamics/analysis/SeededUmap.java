package org.mnistdynamics.analysis;

import org.mnistdynamics.util.Interruption;
import smile.graph.AdjacencyList;
import smile.graph.Graph.Edge;
import smile.manifold.UMAP;
import smile.math.MathEx;
import smile.math.distance.EuclideanDistance;
import smile.math.blas.UPLO;
import smile.math.matrix.Matrix;
import smile.math.matrix.SparseMatrix;
import smile.neighbor.LinearSearch;
import smile.neighbor.Neighbor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Random;

/**
 * Smile 3.1.1's UMAP with a reproducible initial layout: the same input and seed give bit-identical coordinates, on
 * every call in a process and across processes (issue 14, point 3).
 *
 * <p>Why: {@code smile.manifold.UMAP.of} starts from a spectral layout computed by ARPACK
 * ({@code ARPACK.syev(L, SM, ...)}), which starts its Lanczos iteration from a random vector drawn by ARPACK's own
 * Fortran generator. Its seed is set once per process and advances with every call (ARPACK-NG's {@code dgetv0};
 * arpack-ng issues 218 and 410), and no API reaches it: {@code MathEx.setSeed} does not. The near-zero eigenvalues of
 * a graph of well-separated classes make the eigenvectors, and so the final layout, depend on that start vector.
 *
 * <p>What: the same spectral initialisation (the eigenvectors of the 2nd to (d+1)-th smallest eigenvalues of the
 * normalised graph Laplacian {@code I - D^-1/2 W D^-1/2}, McInnes et al. 2018, Algorithm 4), computed with a dense
 * symmetric eigen-decomposition instead (LAPACK {@code dsyevd} through Smile's {@link Matrix#eigen}, which has no
 * random start), each eigenvector's sign fixed so that its largest-magnitude entry is positive; then Smile's scaling
 * to [0, 10] with Gaussian noise (sd 1e-4) drawn from {@code java.util.Random(seed)}. Every other step is Smile's own
 * code, called by name because Smile 3.1.1 offers no initialisation option (the fuzzy simplicial set, the curve fit, the epochs per sample and the SGD
 * layout optimisation, seeded with {@code MathEx.setSeed(seed)} on the calling thread) or rebuilt from its public
 * parts as Smile's package-private {@code NearestNeighborGraph} builds them (the exact directed k-NN graph with
 * {@link LinearSearch}, and its largest connected component by breadth-first search). If a Smile upgrade renames
 * those steps, the first use fails with an {@link IllegalStateException} naming them.
 *
 * <p>Cost of the dense decomposition: {@link #heapBytes(int)} of heap ({@code 16 n^2} bytes, 64 MB for 2,000 points)
 * and O(n³) time (about a second for 2,000 points on 2 cores).
 */
final class SeededUmap {

    /** Smile's UMAP steps called by name (private in Smile 3.1.1, core/src/main/java/smile/manifold/UMAP.java). */
    private static final MethodHandle FUZZY_SET;
    private static final MethodHandle FIT_CURVE;
    private static final MethodHandle EPOCHS_PER_SAMPLE;
    private static final MethodHandle OPTIMIZE_LAYOUT;
    private static final IllegalStateException MISSING;

    static {
        MethodHandle fuzzy = null;
        MethodHandle curve = null;
        MethodHandle epochs = null;
        MethodHandle layout = null;
        IllegalStateException missing = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(UMAP.class, MethodHandles.lookup());
            fuzzy = lookup.findStatic(UMAP.class, "computeFuzzySimplicialSet",
                    MethodType.methodType(AdjacencyList.class, AdjacencyList.class, int.class, int.class));
            curve = lookup.findStatic(UMAP.class, "fitCurve", MethodType.methodType(double[].class, double.class, double.class));
            epochs = lookup.findStatic(UMAP.class, "computeEpochPerSample",
                    MethodType.methodType(SparseMatrix.class, SparseMatrix.class, int.class));
            layout = lookup.findStatic(UMAP.class, "optimizeLayout", MethodType.methodType(void.class, double[][].class,
                    double[].class, SparseMatrix.class, int.class, double.class, int.class, double.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            missing = new IllegalStateException("smile.manifold.UMAP lacks the steps SeededUmap calls (computeFuzzySimplicialSet, "
                    + "fitCurve, computeEpochPerSample, optimizeLayout of Smile 3.1.1): " + e, e);
        }
        FUZZY_SET = fuzzy;
        FIT_CURVE = curve;
        EPOCHS_PER_SAMPLE = epochs;
        OPTIMIZE_LAYOUT = layout;
        MISSING = missing;
    }

    /**
     * An embedding of the largest connected component of the k-NN graph.
     *
     * @param index       row of the input of each embedded point, shape {@code [m]}
     * @param coordinates embedded points {@code [m, d]}
     */
    record Result(int[] index, double[][] coordinates) {
    }

    private SeededUmap() {
    }

    /**
     * @param n points embedded
     * @return heap bytes of the dense Laplacian and its eigenvectors, {@code 16 n^2}
     */
    static long heapBytes(int n) {
        return 2L * Double.BYTES * n * (long) n;
    }

    /**
     * Runs UMAP with Smile's defaults for the other settings (learning rate 1, spread 1, 5 negative samples, repulsion
     * 1, as {@code UMAP.of(double[][], int)}).
     *
     * @param x        rows {@code [n, p]}, finite, {@code n > k}
     * @param k        neighbours, {@code >= 2}
     * @param d        embedding dimensions, {@code >= 2}
     * @param epochs   optimisation epochs, {@code >= 10}
     * @param minDist  minimum distance, in (0, 1]
     * @param seed     seeds the initial noise and the layout optimisation
     * @return the embedding of the largest connected component
     * @throws IllegalStateException if Smile's UMAP steps cannot be found (another Smile version)
     */
    static Result of(double[][] x, int k, int d, int epochs, double minDist, long seed) {
        if (MISSING != null) {
            throw MISSING;
        }
        int n = x.length;
        String where = "UMAP of " + n + " points";
        LinearSearch<double[], double[]> search = LinearSearch.of(x, new EuclideanDistance());
        AdjacencyList knn = new AdjacencyList(n, true);
        for (int i = 0; i < n; i++) {
            if (i % 100 == 0) {
                Interruption.check(where + " (neighbours of point " + i + ")");
            }
            for (Neighbor<double[], double[]> nb : search.search(x[i], k)) {
                knn.setWeight(i, nb.index, nb.distance);
            }
        }
        int[][] components = knn.bfs();
        int[] index = components[0];
        for (int[] c : components) {
            if (c.length > index.length) {
                index = c;
            }
        }
        AdjacencyList largest = components.length == 1 ? knn : knn.subgraph(index);
        if (components.length == 1) {
            index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = i;
            }
        }
        try {
            AdjacencyList graph = Interruption.callInterruptibly(where + " (fuzzy simplicial set)", () -> {
                try {
                    return (AdjacencyList) FUZZY_SET.invoke(largest, k, 64);
                } catch (Error | Exception e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
            SparseMatrix conorm = graph.toMatrix();
            double[][] coordinates = Interruption.callInterruptibly(where + " (spectral layout)",
                    () -> spectralLayout(graph, d, seed));
            double[] curve = (double[]) FIT_CURVE.invoke(1.0, minDist);
            SparseMatrix perSample = (SparseMatrix) EPOCHS_PER_SAMPLE.invoke(conorm, epochs);
            Interruption.callInterruptibly(where + " (layout optimisation)", () -> {
                MathEx.setSeed(seed); // Smile's generator is thread-local: seeded on the thread that optimises
                try {
                    OPTIMIZE_LAYOUT.invoke(coordinates, curve, perSample, epochs, 1.0, 5, 1.0);
                } catch (Error | Exception e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
                return null;
            });
            return new Result(index, coordinates);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("UMAP failed: " + e, e);
        }
    }

    /**
     * The spectral initial layout, deterministic: dense eigenvectors of the normalised Laplacian with fixed signs,
     * scaled to [0, 10] per dimension with seeded noise (sd 1e-4), as Smile's {@code spectralLayout} scales them.
     *
     * @param graph symmetric fuzzy graph on {@code n} vertices
     * @param d     dimensions
     * @param seed  seed of the noise
     * @return coordinates {@code [n, d]}
     */
    static double[][] spectralLayout(AdjacencyList graph, int d, long seed) {
        int n = graph.getNumVertices();
        double[] degree = new double[n];
        for (int i = 0; i < n; i++) {
            for (Edge e : graph.getEdges(i)) {
                degree[i] += e.weight;
            }
            degree[i] = 1.0 / Math.sqrt(degree[i]);
        }
        Matrix laplacian = new Matrix(n, n);
        for (int i = 0; i < n; i++) {
            laplacian.set(i, i, 1.0);
            for (Edge e : graph.getEdges(i)) {
                if (e.v1 != e.v2) {
                    laplacian.set(e.v1, e.v2, -degree[e.v1] * e.weight * degree[e.v2]);
                }
            }
        }
        laplacian.uplo(UPLO.LOWER);
        Matrix.EVD eigen = laplacian.eigen(false, true, true); // LAPACK syevd: eigenvalues in ascending order
        double[][] coordinates = new double[n][d];
        double absMax = 0;
        for (int j = 0; j < d; j++) {
            int column = j + 1; // skip the trivial eigenvector of eigenvalue 0
            int largest = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(eigen.Vr.get(i, column)) > Math.abs(eigen.Vr.get(largest, column))) {
                    largest = i;
                }
            }
            double sign = eigen.Vr.get(largest, column) < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                coordinates[i][j] = sign * eigen.Vr.get(i, column);
                absMax = Math.max(absMax, Math.abs(coordinates[i][j]));
            }
        }
        Random noise = new Random(seed);
        double expansion = 10.0 / absMax;
        for (double[] row : coordinates) {
            for (int j = 0; j < d; j++) {
                row[j] = row[j] * expansion + 1e-4 * noise.nextGaussian();
            }
        }
        for (int j = 0; j < d; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : coordinates) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            for (double[] row : coordinates) {
                row[j] = 10 * (row[j] - min) / (max - min);
            }
        }
        return coordinates;
    }
}
