package org.mnistdynamics.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartExportTest {

    static XYChart chartWithText() {
        XYChart chart = PaperStyle.xyChart("Validation accuracy", "Epoch", "Accuracy");
        chart.addSeries("Adam", new double[] {1, 2, 3, 4}, new double[] {0.95, 0.97, 0.98, 0.985});
        chart.addSeries("SGD", new double[] {1, 2, 3, 4}, new double[] {0.90, 0.94, 0.96, 0.97});
        return chart;
    }

    @Test
    void runsHeadless() {
        chartWithText();
        assertEquals("true", System.getProperty("java.awt.headless"));
    }

    @Test
    void paperFontIsInstalled() {
        // Shared case 05: the set-up must install fontconfig and a TrueType font; the paper's figures use DejaVu Sans.
        assertEquals("DejaVu Sans", PaperStyle.fontFamily(),
                "DejaVu Sans is not installed (Debian: apt-get install fontconfig fonts-dejavu-core)");
    }

    @Test
    void pngHasTheSizeThatTheDpiImpliesAndIsNotBlank(@TempDir Path dir) throws IOException {
        XYChart chart = chartWithText();
        // 384 x 240 pt at 150 DPI: (int)(384 * 150/72.0) = 800, (int)(240 * 150/72.0) = 500.
        Path png = ChartExport.savePng(chart, dir.resolve("fig-accuracy.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        assertEquals(800, ChartExport.pixels(PaperStyle.WIDTH, PaperStyle.DPI));
        assertNotBlank(img);

        // 300 DPI doubles the pixels: 1600 x 1000.
        BufferedImage hi = ImageIO.read(ChartExport.savePng(chart, dir.resolve("hi.png"), 300).toFile());
        assertEquals(1600, hi.getWidth());
        assertEquals(1000, hi.getHeight());

        // The figure gets ordinary file permissions (those of any new file here), not a temp file's owner-only ones.
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(png));
        Files.delete(plain);

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of("fig-accuracy.png", "hi.png"),
                    new HashSet<>(files.map(p -> p.getFileName().toString()).toList()), "temporary files left");
        }
    }

    @Test
    void pngBytesForNotebooksMatchTheFileAndRecordTheDpi() throws IOException {
        byte[] bytes = ChartExport.toPngBytes(chartWithText());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        assertNotBlank(img);
        // pHYs: 150 DPI = 150 / 0.0254 = 5905.5 -> 5906 pixels per metre.
        assertEquals("5906", pixelsPerMetre(new ByteArrayInputStream(bytes)));
    }

    @Test
    void pngFileFromXChartRecordsTheDpiToo(@TempDir Path dir) throws IOException {
        Path png = ChartExport.savePng(chartWithText(), dir.resolve("f.png"), 300);
        // 300 / 0.0254 = 11811.02 -> 11811 pixels per metre
        assertEquals("11811", pixelsPerMetre(Files.newInputStream(png)));
    }

    static String pixelsPerMetre(java.io.InputStream png) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(png)) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadata meta = reader.getImageMetadata(0);
            org.w3c.dom.Node phys = find(meta.getAsTree("javax_imageio_png_1.0"), "pHYs");
            assertTrue(phys != null, "PNG has no pHYs chunk");
            assertEquals("meter", ((org.w3c.dom.Element) phys).getAttribute("unitSpecifier"));
            return ((org.w3c.dom.Element) phys).getAttribute("pixelsPerUnitXAxis");
        } finally {
            png.close();
        }
    }

    @Test
    void svgIsWritten(@TempDir Path dir) throws IOException {
        Path svg = ChartExport.saveSvg(chartWithText(), dir.resolve("fig.svg"));
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), "no <svg element");
        assertTrue(text.length() > 1000, "SVG suspiciously short: " + text.length());
    }

    @Test
    void wrongExtensionIsRejected(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChartExport.savePng(chartWithText(), dir.resolve("fig.svg")));
        assertTrue(e.getMessage().contains(".png"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChartExport.toImage(chartWithText(), 0));
    }

    /** Several distinct colours, and dark (text) pixels in the title band at the top. */
    static void assertNotBlank(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colours.add(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertTrue(colours.size() >= 10, "only " + colours.size() + " distinct colours");
        // Title band: the rows above the first long dark horizontal line (the top border of the plot area).
        int band = 0;
        while (band < img.getHeight() && darkPixels(img, band) < img.getWidth() / 3) {
            band++;
        }
        assertTrue(band < img.getHeight() / 2, "no plot border found in the upper half");
        int dark = 0;
        for (int y = 0; y < band; y++) {
            dark += darkPixels(img, y);
        }
        assertTrue(dark > 50, "no title text: " + dark + " dark pixels in the top " + band + " rows");
    }

    private static int darkPixels(BufferedImage img, int y) {
        int dark = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            int rgb = img.getRGB(x, y);
            if (((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3 < 100) {
                dark++;
            }
        }
        return dark;
    }

    private static org.w3c.dom.Node find(org.w3c.dom.Node node, String name) {
        if (name.equals(node.getNodeName())) {
            return node;
        }
        for (org.w3c.dom.Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            org.w3c.dom.Node v = find(c, name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Test
    void blankChartHasNoTitleText() {
        // Guard against a test that cannot fail: a chart without title leaves the title band white.
        XYChart chart = PaperStyle.xyChart("", "", "");
        chart.addSeries("a", List.of(1, 2), List.of(1, 2));
        BufferedImage img = ChartExport.toImage(chart);
        assertThrows(AssertionError.class, () -> assertNotBlank(img));
    }
}
