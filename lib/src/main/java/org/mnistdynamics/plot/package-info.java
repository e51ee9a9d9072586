/**
 * Figures of the paper with XChart 3.8.8: one style ({@link org.mnistdynamics.plot.PaperStyle}), builders that
 * return charts and never display them ({@link org.mnistdynamics.plot.Figures},
 * {@link org.mnistdynamics.plot.ChartGrid}, {@link org.mnistdynamics.plot.ImageGrids}) and headless PNG/SVG export
 * at fixed size and DPI ({@link org.mnistdynamics.plot.ChartExport}).
 */
package org.mnistdynamics.plot;
