package org.mnistdynamics.plot;

import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Small multiples: charts laid out in rows and columns and rendered as one image, so that a notebook shows (and the
 * paper embeds) one PNG. Cells may be null (left blank). Row {@code r} is as tall as its tallest chart, column
 * {@code c} as wide as its widest chart.
 */
public final class ChartGrid {

    private final List<List<Chart<?, ?>>> rows;

    private ChartGrid(List<List<Chart<?, ?>>> rows) {
        this.rows = rows;
    }

    /**
     * @param rows charts by row, then column; rows may differ in length
     * @return the grid
     * @throws IllegalArgumentException if there is no chart at all
     */
    public static ChartGrid of(List<? extends List<? extends Chart<?, ?>>> rows) {
        List<List<Chart<?, ?>>> copy = new ArrayList<>();
        boolean any = false;
        for (List<? extends Chart<?, ?>> r : rows) {
            List<Chart<?, ?>> row = new ArrayList<>(r);
            any |= row.stream().anyMatch(c -> c != null);
            copy.add(Collections.unmodifiableList(row));
        }
        if (!any) {
            throw new IllegalArgumentException("chart grid has no chart; expected at least one non-null cell");
        }
        return new ChartGrid(Collections.unmodifiableList(copy));
    }

    /** @return the charts by row and column (cells may be null) */
    public List<List<Chart<?, ?>>> rows() {
        return rows;
    }

    /** @return number of columns (the longest row) */
    public int columns() {
        return rows.stream().mapToInt(List::size).max().orElse(0);
    }

    /** @return total width in points */
    public int widthPoints() {
        int w = 0;
        for (int c = 0; c < columns(); c++) {
            w += columnWidth(c);
        }
        return w;
    }

    /** @return total height in points */
    public int heightPoints() {
        int h = 0;
        for (int r = 0; r < rows.size(); r++) {
            h += rowHeight(r);
        }
        return h;
    }

    /**
     * Renders all charts into one image at {@code dpi}.
     *
     * @param dpi dots per inch, {@code >= 1}
     * @return an RGB image of {@code pixels(widthPoints, dpi) x pixels(heightPoints, dpi)}
     * @throws IllegalStateException if text cannot be rendered (no usable font)
     */
    public BufferedImage toImage(int dpi) {
        if (dpi < 1) {
            throw new IllegalArgumentException("dpi = " + dpi + "; expected a positive resolution, e.g. 150");
        }
        double scale = dpi / 72.0;
        BufferedImage image = new BufferedImage(ChartExport.pixels(widthPoints(), dpi),
                ChartExport.pixels(heightPoints(), dpi), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            int y = 0;
            for (int r = 0; r < rows.size(); r++) {
                int x = 0;
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Chart<?, ?> chart = rows.get(r).get(c);
                    if (chart != null) {
                        AffineTransform saved = g.getTransform();
                        g.scale(scale, scale);
                        g.translate(x, y);
                        ChartExport.paint(chart, g);
                        g.setTransform(saved);
                    }
                    x += columnWidth(c);
                }
                y += rowHeight(r);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** @return {@link #toImage(int)} at {@link PaperStyle#DPI} */
    public BufferedImage toImage() {
        return toImage(PaperStyle.DPI);
    }

    private int columnWidth(int c) {
        int w = 0;
        for (List<Chart<?, ?>> row : rows) {
            if (c < row.size() && row.get(c) != null) {
                w = Math.max(w, row.get(c).getWidth());
            }
        }
        return w;
    }

    private int rowHeight(int r) {
        int h = 0;
        for (Chart<?, ?> chart : rows.get(r)) {
            if (chart != null) {
                h = Math.max(h, chart.getHeight());
            }
        }
        return h;
    }
}
