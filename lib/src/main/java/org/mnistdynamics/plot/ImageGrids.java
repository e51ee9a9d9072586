package org.mnistdynamics.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Grayscale image grids of small 2-D arrays: first-layer convolution filters, feature maps, input digits. Each tile
 * is scaled up by pixel replication (no smoothing) to {@code cellPixels} and tiles are separated by a
 * {@value #GAP}-pixel white gap. The grey scale is fixed for the whole grid (passed in, or taken from the data),
 * so tiles are comparable with each other, and with other grids drawn with the same scale.
 */
public final class ImageGrids {

    /** White gap between tiles, pixels. */
    public static final int GAP = 4;

    private ImageGrids() {
    }

    /**
     * Convolution filters on a symmetric scale: weight {@code -scale} is black, 0 mid-grey, {@code +scale} white
     * (values beyond are clipped).
     *
     * @param filters    kernels {@code [filters][kH][kW]}, e.g. from {@code Activations.firstLayerFilters}
     * @param columns    tiles per row, {@code >= 1}
     * @param cellPixels tile side in pixels, {@code >= max(kH, kW)}
     * @param scale      weight magnitude mapped to black/white, {@code > 0}; use one value for all epochs to compare
     * @return the grid image
     * @throws IllegalArgumentException if the input is empty or ragged or a size is out of range
     */
    public static BufferedImage filters(float[][][] filters, int columns, int cellPixels, double scale) {
        return grid(filters, columns, cellPixels, -scale, scale);
    }

    /**
     * Convolution filters scaled by their largest absolute weight.
     *
     * @param filters    kernels {@code [filters][kH][kW]}
     * @param columns    tiles per row
     * @param cellPixels tile side in pixels
     * @return the grid image
     */
    public static BufferedImage filters(float[][][] filters, int columns, int cellPixels) {
        double max = 0;
        for (float[][] f : check(filters)) {
            for (float[] row : f) {
                for (float v : row) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        return filters(filters, columns, cellPixels, max > 0 ? max : 1);
    }

    /**
     * Feature maps (ReLU outputs, {@code >= 0}): 0 is black, {@code max} white.
     *
     * @param maps       maps of one image {@code [channels][H][W]}, e.g. {@code Activations.featureMaps(...)[i]}
     * @param columns    tiles per row
     * @param cellPixels tile side in pixels
     * @param max        activation mapped to white, {@code > 0}
     * @return the grid image
     */
    public static BufferedImage featureMaps(float[][][] maps, int columns, int cellPixels, double max) {
        return grid(maps, columns, cellPixels, 0, max);
    }

    /**
     * Feature maps scaled by their largest activation.
     *
     * @param maps       maps {@code [channels][H][W]}
     * @param columns    tiles per row
     * @param cellPixels tile side in pixels
     * @return the grid image
     */
    public static BufferedImage featureMaps(float[][][] maps, int columns, int cellPixels) {
        double max = 0;
        for (float[][] m : check(maps)) {
            for (float[] row : m) {
                for (float v : row) {
                    max = Math.max(max, v);
                }
            }
        }
        return featureMaps(maps, columns, cellPixels, max > 0 ? max : 1);
    }

    /**
     * The general grid: value {@code lo} is black, {@code hi} white, linear in between, clipped outside.
     *
     * @param tiles      arrays {@code [tiles][rows][cols]}, all the same size
     * @param columns    tiles per grid row, {@code >= 1}
     * @param cellPixels tile side in pixels, {@code >= max(rows, cols)}
     * @param lo         value drawn black
     * @param hi         value drawn white, {@code > lo}
     * @return an RGB image of {@code columns * (cellPixels + GAP) + GAP} pixels wide
     * @throws IllegalArgumentException if the input is empty or ragged or a size is out of range
     */
    public static BufferedImage grid(float[][][] tiles, int columns, int cellPixels, double lo, double hi) {
        check(tiles);
        int th = tiles[0].length;
        int tw = tiles[0][0].length;
        if (columns < 1) {
            throw new IllegalArgumentException("columns = " + columns + "; expected at least 1");
        }
        if (cellPixels < Math.max(th, tw)) {
            throw new IllegalArgumentException("cellPixels = " + cellPixels + " is smaller than a tile of " + th
                    + " x " + tw);
        }
        if (!(hi > lo)) {
            throw new IllegalArgumentException("grey scale [" + lo + ", " + hi + "] is empty; expected lo < hi");
        }
        int gridRows = (tiles.length + columns - 1) / columns;
        int gridCols = Math.min(columns, tiles.length);
        int block = cellPixels / Math.max(th, tw); // integer replication keeps every weight a square
        BufferedImage img = new BufferedImage(gridCols * (cellPixels + GAP) + GAP,
                gridRows * (cellPixels + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        int white = Color.WHITE.getRGB();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, white);
            }
        }
        for (int t = 0; t < tiles.length; t++) {
            if (tiles[t].length != th || tiles[t][0].length != tw) {
                throw new IllegalArgumentException("tile " + t + " is " + tiles[t].length + " x "
                        + tiles[t][0].length + "; tile 0 is " + th + " x " + tw);
            }
            int ox = GAP + (t % columns) * (cellPixels + GAP) + (cellPixels - block * tw) / 2;
            int oy = GAP + (t / columns) * (cellPixels + GAP) + (cellPixels - block * th) / 2;
            for (int r = 0; r < th; r++) {
                for (int c = 0; c < tw; c++) {
                    double f = (tiles[t][r][c] - lo) / (hi - lo);
                    int g = (int) Math.round(255 * Math.max(0, Math.min(1, f)));
                    int rgb = (g << 16) | (g << 8) | g;
                    for (int dy = 0; dy < block; dy++) {
                        for (int dx = 0; dx < block; dx++) {
                            img.setRGB(ox + c * block + dx, oy + r * block + dy, rgb);
                        }
                    }
                }
            }
        }
        return img;
    }

    private static float[][][] check(float[][][] tiles) {
        if (tiles == null || tiles.length == 0 || tiles[0].length == 0 || tiles[0][0].length == 0) {
            throw new IllegalArgumentException("no tiles; expected arrays [tiles][rows][cols] with every size >= 1");
        }
        return tiles;
    }
}
