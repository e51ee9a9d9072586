package org.mnistdynamics.plot;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.data.Split;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Figures of the dataset itself (notebook 01): a grid of sample digits and the class balance of the splits. */
public final class DataFigures {

    private DataFigures() {
    }

    /**
     * The first {@code perClass} images of each class, one row per class 0..9, grey scale 0 (white) .. 1 (black
     * on the page is inverted: ink is dark).
     *
     * @param split    a split
     * @param perClass images per class, at least 1
     * @return a grid image of 10 rows x {@code perClass} columns, 28 x 2 pixels per digit
     * @throws IllegalArgumentException if a class has fewer than {@code perClass} images
     */
    public static BufferedImage sampleGrid(Split split, int perClass) {
        float[][][] tiles = new float[10 * perClass][28][28];
        for (int digit = 0; digit < 10; digit++) {
            int found = 0;
            for (int i = 0; i < split.size() && found < perClass; i++) {
                if (split.labels()[i] == digit) {
                    for (int r = 0; r < 28; r++) {
                        for (int c = 0; c < 28; c++) {
                            tiles[digit * perClass + found][r][c] = 1f - split.pixels()[i * Split.IMAGE_PIXELS + r * 28 + c];
                        }
                    }
                    found++;
                }
            }
            if (found < perClass) {
                throw new IllegalArgumentException(split.name() + " has " + found + " images of digit " + digit + ", fewer than " + perClass);
            }
        }
        return ImageGrids.grid(tiles, perClass, 56, 0, 1);
    }

    /**
     * @param splits the dataset's splits
     * @return a grouped bar chart: images per class (x) for train, validation and test
     */
    public static CategoryChart classBalance(DatasetSplits splits) {
        CategoryChart chart = new CategoryChartBuilder().width(PaperStyle.WIDTH).height(PaperStyle.HEIGHT)
                .xAxisTitle("digit").yAxisTitle("images").build();
        PaperStyle.apply(chart.getStyler());
        List<String> digits = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            digits.add(String.valueOf(d));
        }
        int i = 0;
        for (Split s : List.of(splits.train(), splits.validation(), splits.test())) {
            List<Integer> counts = new ArrayList<>();
            for (int c : s.classCounts()) {
                counts.add(c);
            }
            chart.addSeries(s.name(), digits, counts).setFillColor(PaperStyle.seriesColor(i++));
        }
        return chart;
    }
}
