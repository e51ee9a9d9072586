package org.mnistdynamics.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.mnistdynamics.analysis.Embedding;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Figures that put the same measurement on several datasets side by side, one panel per dataset. */
public final class ComparisonFigures {

    private ComparisonFigures() {
    }

    /**
     * One panel per dataset of {@link Figures#errorCurves}: training (solid) and validation (dashed) error per epoch and
     * optimizer, mean over the seeds with a min–max band. The panels share their logarithmic error axis (same quantity,
     * so the datasets' levels compare at a glance) and their epoch axis. A dataset without finished runs gets a panel
     * titled "No finished runs yet".
     *
     * @param titles    panel titles, e.g. "MNIST", "Fashion-MNIST"
     * @param metrics   per dataset, the long-format metrics table of its optimizers plan
     * @param runLabels per dataset, run id to label
     * @return the grid, one row
     * @throws IllegalArgumentException if the lists differ in length, or as {@link Figures#errorCurves}
     */
    public static ChartGrid errorPanels(List<String> titles, List<Table> metrics, List<Map<String, String>> runLabels) {
        if (titles.size() != metrics.size() || titles.size() != runLabels.size()) {
            throw new IllegalArgumentException("one title, metrics table and label map per dataset: got " + titles.size()
                    + ", " + metrics.size() + " and " + runLabels.size());
        }
        List<XYChart> panels = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double lastEpoch = 1;
        for (int i = 0; i < titles.size(); i++) {
            if (metrics.get(i).rowCount() == 0) {
                panels.add(PaperStyle.noRunsYet("Epoch", "Error (%, log scale)", PaperStyle.WIDTH, PaperStyle.HEIGHT));
                continue;
            }
            XYChart chart = Figures.errorCurves(metrics.get(i), runLabels.get(i));
            chart.setTitle(titles.get(i));
            for (XYSeries s : chart.getSeriesMap().values()) {
                for (double y : s.getYData()) {
                    if (y > 0 && Double.isFinite(y)) {
                        lo = Math.min(lo, y);
                        hi = Math.max(hi, y);
                    }
                }
                for (double x : s.getXData()) {
                    lastEpoch = Math.max(lastEpoch, x);
                }
            }
            panels.add(chart);
        }
        for (XYChart chart : panels) {
            if (Double.isFinite(lo) && chart.getStyler().isYAxisLogarithmic()) {
                // Whole decades around the data, so that both panels show the same ticks.
                chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo))));
                chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi))));
                chart.getStyler().setXAxisMin(1.0);
                chart.getStyler().setXAxisMax(lastEpoch);
            }
        }
        return ChartGrid.of(List.of(panels));
    }

    /**
     * One panel per dataset of {@link Figures#embeddingScatterWithScores}: the final penultimate-layer t-SNE (or UMAP) of
     * each dataset's analysed run, titled with its separation scores. Colours are class indices (0–9), so the digit
     * colours of MNIST and the clothing classes of Fashion-MNIST share one legend; the caption names the classes. A
     * dataset without an analysis gets a panel titled "No finished runs yet".
     *
     * @param titles     panel titles, prefixed to each panel's score title
     * @param embeddings per dataset, its final embedding if measured
     * @return the grid, one row
     * @throws IllegalArgumentException if the lists differ in length, or as {@link Figures#embeddingScatter(Embedding)}
     */
    public static ChartGrid embeddingPanels(List<String> titles, List<java.util.Optional<Embedding>> embeddings) {
        if (titles.size() != embeddings.size()) {
            throw new IllegalArgumentException("one title per embedding: got " + titles.size() + " and " + embeddings.size());
        }
        List<XYChart> panels = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            if (embeddings.get(i).isEmpty()) {
                panels.add(PaperStyle.noRunsYet("", "", PaperStyle.WIDTH, PaperStyle.SCATTER_HEIGHT));
                continue;
            }
            XYChart chart = Figures.embeddingScatterWithScores(embeddings.get(i).get());
            chart.setTitle(titles.get(i) + ", " + chart.getTitle());
            panels.add(chart);
        }
        return ChartGrid.of(List.of(panels));
    }
    /**
     * One panel per dataset of {@link LayerFigures#probeAccuracyByDepth}: linear-probe test accuracy against depth, one
     * line per epoch, mean over the dataset's layer-analysed seeds (with the 95 % t interval from two seeds). The
     * panels share their accuracy axis (the same quantity), from the lowest value down to whole tens of percent up to
     * 100 %. A dataset without layer analyses gets a panel titled "No finished runs yet".
     *
     * @param titles panel titles, e.g. "MNIST, 3 seeds"
     * @param probes per dataset, its probe table ({@code LayerClaims.probes}; possibly empty)
     * @return the grid, one row
     * @throws IllegalArgumentException if the lists differ in length, or as {@link LayerFigures#probeAccuracyByDepth}
     */
    public static ChartGrid probePanels(List<String> titles, List<Table> probes) {
        if (titles.size() != probes.size()) {
            throw new IllegalArgumentException("one title per probe table: got " + titles.size() + " and " + probes.size());
        }
        List<XYChart> panels = new ArrayList<>();
        double lo = 100;
        for (int i = 0; i < titles.size(); i++) {
            if (probes.get(i).rowCount() == 0) {
                panels.add(PaperStyle.noRunsYet("Depth", "Probe test accuracy (%)", PaperStyle.WIDTH, PaperStyle.HEIGHT));
                continue;
            }
            XYChart chart = LayerFigures.probeAccuracyByDepth(probes.get(i));
            chart.setTitle(titles.get(i));
            for (XYSeries s : chart.getSeriesMap().values()) {
                double[] y = s.getYData();
                double[] err = s.getExtraValues();
                for (int k = 0; k < y.length; k++) {
                    lo = Math.min(lo, y[k] - (err == null ? 0 : err[k]));
                }
            }
            panels.add(chart);
        }
        for (XYChart chart : panels) {
            chart.getStyler().setYAxisMin(Math.floor(lo / 10) * 10);
            chart.getStyler().setYAxisMax(100.0);
        }
        return ChartGrid.of(List.of(panels));
    }
}
