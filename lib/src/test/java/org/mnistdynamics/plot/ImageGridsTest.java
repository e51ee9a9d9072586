package org.mnistdynamics.plot;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageGridsTest {

    @Test
    void filterGridHasAFixedSymmetricScale() {
        // Two 2x2 filters, scale 0.5: -0.5 -> black (0), 0 -> mid-grey (round(127.5) = 128), +0.5 -> white (255),
        // +1.0 is clipped to white.
        float[][][] f = {{{-0.5f, 0f}, {0.5f, 1.0f}}, {{0.25f, 0f}, {0f, 0f}}};
        BufferedImage img = ImageGrids.filters(f, 2, 20, 0.5);
        // 2 columns of 20 px + 3 gaps of 4 px = 52; 1 row: 20 + 8 = 28.
        assertEquals(52, img.getWidth());
        assertEquals(28, img.getHeight());
        // Tile 0 starts at (4, 4); each weight is a 10 x 10 block.
        assertEquals(0, grey(img, 4 + 5, 4 + 5));
        assertEquals(128, grey(img, 4 + 15, 4 + 5));
        assertEquals(255, grey(img, 4 + 5, 4 + 15));
        assertEquals(255, grey(img, 4 + 15, 4 + 15));
        // Tile 1 starts at x = 4 + 20 + 4 = 28: 0.25 -> 0.75 of the range -> round(191.25) = 191.
        assertEquals(191, grey(img, 28 + 5, 4 + 5));
    }

    @Test
    void featureMapGridWrapsRowsAndScalesByTheMaximum() {
        float[][][] maps = new float[5][4][4];
        maps[4][0][0] = 2f; // the maximum -> white
        maps[4][0][1] = 1f; // half -> round(127.5) = 128
        BufferedImage img = ImageGrids.featureMaps(maps, 3, 8);
        // 3 columns x (8 + 4) + 4 = 40 wide; 2 rows: 2 x 12 + 4 = 28 high.
        assertEquals(40, img.getWidth());
        assertEquals(28, img.getHeight());
        // Tile 4 is row 1, column 1: origin (4 + 12, 4 + 12) = (16, 16); blocks of 2 px.
        assertEquals(255, grey(img, 16, 16));
        assertEquals(128, grey(img, 18, 16));
        assertEquals(0, grey(img, 20, 16));
        assertEquals(255, grey(img, 2, 2)); // gap is white
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageGrids.filters(new float[0][][], 2, 20));
        assertThrows(IllegalArgumentException.class, () -> ImageGrids.filters(new float[1][5][5], 2, 4));
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrids.filters(new float[][][] {new float[3][3], new float[2][2]}, 2, 9));
    }

    private static int grey(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFF;
    }
}
