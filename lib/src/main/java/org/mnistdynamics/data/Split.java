package org.mnistdynamics.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One split of a dataset held in memory: images as float32 pixels in [0, 1] and integer labels.
 *
 * <p>{@code pixels} is row-major {@code [count, 784]} (each image 28x28, row by row); for one channel this is also
 * the memory order of both {@code [count, 1, 28, 28]} (NCHW) and {@code [count, 28, 28, 1]} (NHWC).
 *
 * @param name   split name: {@code train}, {@code validation} or {@code test}
 * @param pixels {@code count * 784} floats in [0, 1] (raw byte / 255)
 * @param labels {@code count} labels in [0, 10)
 */
public record Split(String name, float[] pixels, int[] labels) {

    /** Pixels per image (28 x 28). */
    public static final int IMAGE_PIXELS = 28 * 28;
    /** Number of classes. */
    public static final int NUM_CLASSES = 10;

    /** @return number of images */
    public int size() {
        return labels.length;
    }

    /**
     * @param limit maximum number of images
     * @return the first {@code min(limit, size())} images (a copy), or this split if it is not larger
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public Split first(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("split limit must be positive, got " + limit);
        }
        if (limit >= size()) {
            return this;
        }
        float[] p = new float[limit * IMAGE_PIXELS];
        System.arraycopy(pixels, 0, p, 0, p.length);
        int[] l = new int[limit];
        System.arraycopy(labels, 0, l, 0, limit);
        return new Split(name, p, l);
    }

    /**
     * Gathers selected images into a feature array for the network.
     *
     * @param indices image indices, in the order wanted
     * @param from    first position in {@code indices}
     * @param count   number of images
     * @return float32 features of shape {@code [count, 1, 28, 28]}
     */
    public INDArray features(int[] indices, int from, int count) {
        float[] batch = new float[count * IMAGE_PIXELS];
        for (int i = 0; i < count; i++) {
            System.arraycopy(pixels, indices[from + i] * IMAGE_PIXELS, batch, i * IMAGE_PIXELS, IMAGE_PIXELS);
        }
        return Nd4j.create(batch, new long[]{count, 1, 28, 28}, 'c');
    }

    /**
     * @param indices image indices, in the order wanted
     * @param from    first position in {@code indices}
     * @param count   number of images
     * @return one-hot float32 labels of shape {@code [count, 10]}
     */
    public INDArray oneHotLabels(int[] indices, int from, int count) {
        float[] oneHot = new float[count * NUM_CLASSES];
        for (int i = 0; i < count; i++) {
            oneHot[i * NUM_CLASSES + labels[indices[from + i]]] = 1f;
        }
        return Nd4j.create(oneHot, new long[]{count, NUM_CLASSES}, 'c');
    }

    /** @return the identity order {@code 0 .. size()-1} */
    public int[] naturalOrder() {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * The images of some classes only, in their original order (for the transfer experiment of Yosinski et al. 2014,
     * where task A is digits 0-4 and task B digits 5-9). Labels keep their values.
     *
     * @param classes labels to keep, each in [0, 10), at least one
     * @return a new split named {@code <name>} holding only those images (a copy)
     * @throws IllegalArgumentException if no class is given, a label is out of range, or no image has those labels
     */
    public Split ofClasses(int... classes) {
        if (classes.length == 0) {
            throw new IllegalArgumentException("split '" + name + "': no class given to keep");
        }
        boolean[] keep = new boolean[NUM_CLASSES];
        for (int c : classes) {
            if (c < 0 || c >= NUM_CLASSES) {
                throw new IllegalArgumentException("split '" + name + "': class " + c + " is outside 0.." + (NUM_CLASSES - 1));
            }
            keep[c] = true;
        }
        int n = 0;
        for (int label : labels) {
            if (keep[label]) {
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("split '" + name + "' has no image of classes " + java.util.Arrays.toString(classes));
        }
        float[] p = new float[n * IMAGE_PIXELS];
        int[] l = new int[n];
        int j = 0;
        for (int i = 0; i < labels.length; i++) {
            if (keep[labels[i]]) {
                System.arraycopy(pixels, i * IMAGE_PIXELS, p, j * IMAGE_PIXELS, IMAGE_PIXELS);
                l[j++] = labels[i];
            }
        }
        return new Split(name, p, l);
    }

    /** @return number of images per class, index = label */
    public int[] classCounts() {
        int[] counts = new int[NUM_CLASSES];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
