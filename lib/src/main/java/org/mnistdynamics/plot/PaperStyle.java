package org.mnistdynamics.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;

/**
 * The one style of every figure of the paper.
 *
 * <p>Size: XChart sizes charts in points (1/72 inch). A figure is {@value #WIDTH} x {@value #HEIGHT} points
 * (5.33 x 3.33 in); exported at {@value #DPI} DPI it is {@code floor(points * DPI / 72)} pixels:
 * 800 x 500 px (see {@link ChartExport#pixels(int, int)}). Text is 8–10 pt, as in a printed paper figure.
 *
 * <p>Colours: {@link #okabeIto()} for up to 8 series (Okabe &amp; Ito 2008, "Color Universal Design"; Wong 2011,
 * "Points of view: Color blindness", Nature Methods 8:441), and {@link #digitColors()} for the 10 digit classes:
 * Paul Tol's colour-blind-safe 'muted' scheme (9 colours; Tol 2021, "Colour Schemes", SRON/EPS/TN/09-002)
 * with black as the tenth.
 *
 * <p>Font: DejaVu Sans (Debian package {@code fonts-dejavu-core}, present on headless machines), falling back to
 * Java's logical {@code SansSerif} font when it is not installed.
 */
public final class PaperStyle {

    static {
        ChartExport.ensureHeadless();
    }

    /** Figure width in points (1/72 in): 800 px at {@value #DPI} DPI. */
    public static final int WIDTH = 384;
    /** Figure height in points: 500 px at {@value #DPI} DPI. */
    public static final int HEIGHT = 240;
    /** Height of a square-ish scatter figure (embeddings), points: 666 px at {@value #DPI} DPI. */
    public static final int SCATTER_HEIGHT = 320;
    /** Export resolution of PNG figures. */
    public static final int DPI = 150;
    /** Preferred font family. */
    public static final String FONT_FAMILY = "DejaVu Sans";

    private static final Color[] OKABE_ITO = {
            new Color(0xE69F00), // orange
            new Color(0x56B4E9), // sky blue
            new Color(0x009E73), // bluish green
            new Color(0x0072B2), // blue
            new Color(0xD55E00), // vermillion
            new Color(0xCC79A7), // reddish purple
            new Color(0x000000), // black
            new Color(0xF0E442), // yellow (last: weak on white)
    };

    private static final Color[] DIGITS = {
            new Color(0x332288), // indigo
            new Color(0x88CCEE), // cyan
            new Color(0x44AA99), // teal
            new Color(0x117733), // green
            new Color(0x999933), // olive
            new Color(0xDDCC77), // sand
            new Color(0xCC6677), // rose
            new Color(0x882255), // wine
            new Color(0xAA4499), // purple
            new Color(0x000000), // black (tenth class)
    };

    private static volatile String family;

    private PaperStyle() {
    }

    /** @return the 8 Okabe–Ito colours, in the order series get them */
    public static Color[] okabeIto() {
        return OKABE_ITO.clone();
    }

    /** @return 10 colours, one per digit class 0..9 (Tol 'muted' + black) */
    public static Color[] digitColors() {
        return DIGITS.clone();
    }

    /**
     * @param i series number, {@code >= 0}
     * @return the Okabe–Ito colour of series {@code i} (cycling after 8)
     */
    public static Color seriesColor(int i) {
        return OKABE_ITO[Math.floorMod(i, OKABE_ITO.length)];
    }

    /**
     * @param digit a class label
     * @return its colour (cycling after 10)
     */
    public static Color digitColor(int digit) {
        return DIGITS[Math.floorMod(digit, DIGITS.length)];
    }

    /** @return {@value #FONT_FAMILY} if installed, else Java's logical {@code SansSerif} */
    public static String fontFamily() {
        String f = family;
        if (f == null) {
            boolean installed = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment()
                    .getAvailableFontFamilyNames()).contains(FONT_FAMILY);
            f = installed ? FONT_FAMILY : Font.SANS_SERIF;
            family = f;
        }
        return f;
    }

    /**
     * @param size size in points
     * @param bold bold or plain
     * @return the paper's font at that size
     */
    public static Font font(float size, boolean bold) {
        return new Font(fontFamily(), bold ? Font.BOLD : Font.PLAIN, 10).deriveFont(size);
    }

    /**
     * A styled, empty XY chart of the standard size.
     *
     * @param title  chart title (may be empty)
     * @param xTitle x-axis title, with unit
     * @param yTitle y-axis title, with unit
     * @return the chart, {@value #WIDTH} x {@value #HEIGHT} points
     */
    public static XYChart xyChart(String title, String xTitle, String yTitle) {
        return xyChart(title, xTitle, yTitle, WIDTH, HEIGHT);
    }

    /**
     * A styled, empty XY chart.
     *
     * @param title  chart title (may be empty)
     * @param xTitle x-axis title
     * @param yTitle y-axis title
     * @param width  width in points
     * @param height height in points
     * @return the chart
     */
    public static XYChart xyChart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        apply(chart.getStyler());
        return chart;
    }

    /**
     * Applies the paper's fonts, colours and layout to an axes chart's styler.
     *
     * @param s the styler of an XY or category chart
     */
    public static void apply(AxesChartStyler s) {
        s.setBaseFont(font(9, false));
        s.setChartTitleFont(font(10, true));
        s.setAxisTitleFont(font(9, false));
        s.setAxisTickLabelsFont(font(8, false));
        s.setLegendFont(font(8, false));
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.DARK_GRAY);
        s.setPlotGridLinesColor(new Color(0xE5E5E5));
        s.setPlotGridLinesStroke(new BasicStroke(0.5f));
        s.setChartFontColor(Color.BLACK);
        s.setAxisTickLabelsColor(Color.BLACK);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setSeriesColors(OKABE_ITO.clone());
        s.setChartTitleBoxVisible(false);
        s.setChartPadding(6);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
    }

    /**
     * A sweep still running: an empty chart titled "No finished runs yet", rather than no figure.
     *
     * @param xTitle x-axis title
     * @param yTitle y-axis title
     * @param width  width, points
     * @param height height, points
     * @return the chart
     */
    public static XYChart noRunsYet(String xTitle, String yTitle, int width, int height) {
        XYChart empty = xyChart("No finished runs yet", xTitle, yTitle, width, height);
        org.knowm.xchart.XYSeries none = empty.addSeries("no runs", new double[]{0}, new double[]{0});
        none.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        none.setLineColor(new Color(0, 0, 0, 0));
        none.setShowInLegend(false);
        return empty;
    }
}
