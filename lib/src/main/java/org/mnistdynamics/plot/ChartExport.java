package org.mnistdynamics.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Writes charts and images as PNG (fixed size and DPI) and SVG, and renders them in memory for notebooks (a Java
 * Jupyter kernel displays a returned {@link BufferedImage}). Works without a display: the class sets
 * {@code java.awt.headless=true} when the property is unset, before AWT starts.
 *
 * <p>Pixel size: a chart of {@code w x h} points rendered at {@code dpi} is
 * {@code (int)(w * (dpi / 72.0)) x (int)(h * (dpi / 72.0))} pixels (XChart's {@code saveBitmapWithDPI} rule; see
 * {@link #pixels(int, int)}), e.g. 384 x 240 pt at 150 DPI = 800 x 500 px. PNGs carry the DPI in their {@code pHYs}
 * chunk.
 *
 * <p>Files are written to a temporary file in the target folder and then renamed, so a failed export leaves no
 * half-written figure. Data that cannot be drawn (±Infinity on any axis, zero or negative values on a log axis) is
 * reported as a data error naming the series and point ({@link ChartData}) before rendering. Text needs a font: on a
 * machine without fontconfig or any TrueType font, rendering fails with an {@link IllegalStateException} that names
 * the packages to install.
 */
public final class ChartExport {

    static {
        ensureHeadless();
    }

    private ChartExport() {
    }

    /** Sets {@code java.awt.headless=true} unless the property was set explicitly. */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * Pixels of a length of {@code points} rendered at {@code dpi} (XChart's rule).
     *
     * @param points length in points (1/72 in)
     * @param dpi    dots per inch
     * @return {@code (int)(points * (dpi / 72.0))}
     */
    public static int pixels(int points, int dpi) {
        return (int) (points * (dpi / 72.0));
    }

    /**
     * Renders a chart at {@link PaperStyle#DPI}.
     *
     * @param chart any XChart chart
     * @return an RGB image of {@code pixels(width, DPI) x pixels(height, DPI)}
     * @throws IllegalStateException if text cannot be rendered (no usable font)
     */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return toImage(chart, PaperStyle.DPI);
    }

    /**
     * Renders a chart at a resolution.
     *
     * @param chart any XChart chart
     * @param dpi   dots per inch, {@code >= 1}
     * @return an RGB image of {@code pixels(width, dpi) x pixels(height, dpi)}
     * @throws IllegalArgumentException if {@code dpi < 1}
     * @throws IllegalStateException    if text cannot be rendered (no usable font)
     */
    public static BufferedImage toImage(Chart<?, ?> chart, int dpi) {
        checkDpi(dpi);
        double scale = dpi / 72.0;
        BufferedImage image = new BufferedImage((int) (chart.getWidth() * scale), (int) (chart.getHeight() * scale),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(scale, scale);
            paint(chart, g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * PNG bytes of a chart at {@link PaperStyle#DPI}, e.g. for a notebook cell.
     *
     * @param chart any XChart chart
     * @return PNG file content
     * @throws IllegalStateException if text cannot be rendered
     */
    public static byte[] toPngBytes(Chart<?, ?> chart) {
        return toPngBytes(toImage(chart), PaperStyle.DPI);
    }

    /**
     * PNG bytes of an image.
     *
     * @param image an image (e.g. from {@link ChartGrid#toImage(int)} or {@link ImageGrids})
     * @param dpi   resolution recorded in the PNG
     * @return PNG file content
     */
    public static byte[] toPngBytes(BufferedImage image, int dpi) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writePng(image, dpi, out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding in memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * PNG bytes of a chart grid (small multiples) at {@link PaperStyle#DPI}.
     *
     * @param grid the grid
     * @return PNG file content
     * @throws IllegalStateException if text cannot be rendered
     */
    public static byte[] toPngBytes(ChartGrid grid) {
        return toPngBytes(grid.toImage(PaperStyle.DPI), PaperStyle.DPI);
    }

    /**
     * Saves a chart as PNG at {@link PaperStyle#DPI}.
     *
     * @param chart any XChart chart
     * @param file  target, ending in {@code .png}; parent folders are created
     * @return {@code file}
     * @throws IOException           naming the file if it cannot be written
     * @throws IllegalStateException if text cannot be rendered
     */
    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        return savePng(chart, file, PaperStyle.DPI);
    }

    /**
     * Saves a chart as PNG with XChart's {@code BitmapEncoder.saveBitmapWithDPI}.
     *
     * @param chart any XChart chart
     * @param file  target, ending in {@code .png}; parent folders are created
     * @param dpi   resolution, {@code >= 1}; the image is {@code pixels(width, dpi) x pixels(height, dpi)}
     * @return {@code file}
     * @throws IllegalArgumentException if the name does not end in {@code .png} or {@code dpi < 1}
     * @throws IOException              naming the file if it cannot be written
     * @throws IllegalStateException    if text cannot be rendered
     */
    public static Path savePng(Chart<?, ?> chart, Path file, int dpi) throws IOException {
        checkDpi(dpi);
        return atomically(file, ".png", tmp -> {
            ChartData.check(chart);
            try {
                BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG, dpi);
            } catch (RuntimeException | Error e) {
                throw renderingFailed(e);
            }
        });
    }

    /**
     * Saves an image (a chart grid or image grid) as PNG with its DPI recorded.
     *
     * @param image the image
     * @param file  target, ending in {@code .png}
     * @param dpi   resolution recorded in the PNG, {@code >= 1}
     * @return {@code file}
     * @throws IOException naming the file if it cannot be written
     */
    public static Path savePng(BufferedImage image, Path file, int dpi) throws IOException {
        checkDpi(dpi);
        return atomically(file, ".png", tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writePng(image, dpi, out);
            }
        });
    }

    /**
     * Saves a chart grid as one PNG.
     *
     * @param grid the grid
     * @param file target, ending in {@code .png}
     * @param dpi  resolution
     * @return {@code file}
     * @throws IOException naming the file if it cannot be written
     */
    public static Path savePng(ChartGrid grid, Path file, int dpi) throws IOException {
        return savePng(grid.toImage(dpi), file, dpi);
    }

    /**
     * Saves a chart as SVG with XChart's {@code VectorGraphicsEncoder} (VectorGraphics2D 0.13).
     *
     * @param chart any XChart chart
     * @param file  target, ending in {@code .svg}; parent folders are created
     * @return {@code file}
     * @throws IllegalArgumentException if the name does not end in {@code .svg}
     * @throws IOException              naming the file if it cannot be written
     */
    public static Path saveSvg(Chart<?, ?> chart, Path file) throws IOException {
        return atomically(file, ".svg", tmp -> {
            ChartData.check(chart);
            try {
                VectorGraphicsEncoder.saveVectorGraphic(chart, tmp.toString(),
                        VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            } catch (RuntimeException | Error e) {
                throw renderingFailed(e);
            }
        });
    }

    /** Paints a chart on a white background, turning data and font failures into clear errors. */
    static void paint(Chart<?, ?> chart, Graphics2D g) {
        ChartData.check(chart);
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, chart.getWidth(), chart.getHeight());
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } catch (RuntimeException | Error e) {
            throw renderingFailed(e);
        }
    }

    /**
     * A rendering failure as a clear error: font advice only when the failure is about fonts or text (a font class in
     * the stack, fontconfig, or the AWT font libraries), since data errors are caught before by {@link ChartData}.
     */
    static RuntimeException renderingFailed(Throwable e) {
        if (e instanceof VirtualMachineError v) {
            throw v;
        }
        if (e instanceof ChartData.DataException d) {
            return d;
        }
        if (!aboutFonts(e)) {
            return new IllegalStateException("rendering the chart failed: " + e, e);
        }
        return new IllegalStateException("rendering the chart failed (" + e + "). Charts need text rendering: "
                + "install fontconfig and a TrueType font (Debian: apt-get install fontconfig fonts-dejavu-core) "
                + "and run headless (-Djava.awt.headless=true)", e);
    }

    /** @return true if the failure or a cause names fonts, fontconfig or the AWT font libraries, or happened in them */
    static boolean aboutFonts(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = (t.getClass().getName() + " " + t.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("font") || text.contains("libawt") || text.contains("freetype")) {
                return true;
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                String c = frame.getClassName();
                if (c.startsWith("sun.font.") || c.startsWith("java.awt.Font") || c.contains("FontManager")
                        || c.startsWith("sun.awt.X11FontManager") || c.startsWith("sun.awt.FontConfiguration")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void writePng(BufferedImage image, int dpi, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            // The PNG pHYs chunk in its native form (pixels per metre): unambiguous, unlike the standard
            // tree's HorizontalPixelSize, which the JDK's PNG plug-in reads inverted.
            String perMetre = Long.toString(Math.round(dpi / 0.0254));
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            meta.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(ios);
            writer.write(meta, new IIOImage(image, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    /** Writes through a temporary sibling file with the same extension, then renames it over {@code file}. */
    private static Path atomically(Path file, String extension, Writer writer) throws IOException {
        String name = file.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(extension)) {
            throw new IllegalArgumentException("figure file '" + file + "' must end in " + extension);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stay on the figure after the rename.
        Path tmp = dir.resolve("." + name.substring(0, name.length() - extension.length()) + "-"
                + java.util.UUID.randomUUID() + extension);
        try {
            writer.write(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("could not write figure " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return file;
    }

    private static void checkDpi(int dpi) {
        if (dpi < 1) {
            throw new IllegalArgumentException("dpi = " + dpi + "; expected a positive resolution, e.g. 150");
        }
    }
}
