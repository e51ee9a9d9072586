package org.mnistdynamics.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.Map;

/**
 * Checks that an XY chart's data can be drawn before it is rendered, so that a data problem is reported as one (the
 * chart, series and point) rather than as a rendering failure: XChart fails on ±Infinity on any axis (its axis
 * bounds become infinite) and on zero or negative values on a logarithmic axis. NaN is allowed: XChart leaves a gap.
 * The figure builders ({@link Figures}) sanitise their data first; this check catches charts built elsewhere.
 */
public final class ChartData {

    private ChartData() {
    }

    /** Data that cannot be drawn; the message names the chart, the series, the point and the value. */
    public static final class DataException extends IllegalArgumentException {
        /** @param message what cannot be drawn and where */
        public DataException(String message) {
            super(message);
        }
    }

    /**
     * @param chart any chart; only {@link XYChart}s are checked
     * @throws DataException naming the chart's title, the series, the point index and the value, if a value is
     *                       infinite, or zero or negative on a logarithmic axis
     */
    public static void check(Chart<?, ?> chart) {
        if (!(chart instanceof XYChart xy)) {
            return;
        }
        boolean logX = xy.getStyler().isXAxisLogarithmic();
        boolean logY = xy.getStyler().isYAxisLogarithmic();
        for (Map.Entry<String, XYSeries> e : xy.getSeriesMap().entrySet()) {
            checkAxis(xy, e.getKey(), "x", e.getValue().getXData(), logX);
            checkAxis(xy, e.getKey(), "y", e.getValue().getYData(), logY);
        }
    }

    private static void checkAxis(XYChart chart, String series, String axis, double[] values, boolean log) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isInfinite(v)) {
                throw new DataException(where(chart, series, axis, i, v) + " is infinite; leave non-finite values out "
                        + "of the data (Figures does and says so in the title)");
            }
            if (log && v <= 0) {
                throw new DataException(where(chart, series, axis, i, v) + " is not positive, but the " + axis
                        + " axis is logarithmic; floor the values (as Figures.errorCurves does) or use a linear axis");
            }
        }
    }

    private static String where(XYChart chart, String series, String axis, int i, double v) {
        return "chart data error in chart '" + chart.getTitle() + "', series '" + series + "': " + axis + "[" + i + "] = " + v;
    }
}
