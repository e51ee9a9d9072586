package org.mnistdynamics.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mnistdynamics.train.MetricRow;
import org.mnistdynamics.train.TrainingProgress;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Terminal progress: one bar per epoch over its mini-batches, with ETA, then a line of metrics (progressbar library). */
final class ProgressBars implements TrainingProgress {

    /**
     * Line width: the terminal's (-1) when there is one; otherwise (a log file, a pipe) progressbar would assume 80
     * columns and cut the line, so a width that holds the whole line.
     */
    private static final int RENDERED_WIDTH = System.console() != null ? -1 : 160;

    private final PrintStream out;
    private ProgressBar bar;

    ProgressBars(PrintStream out) {
        this.out = out;
    }

    @Override
    public void epochStarted(String runId, int epoch, int epochs, int batches) {
        close();
        bar = new ProgressBarBuilder().setTaskName(String.format("%s epoch %d/%d", runId, epoch, epochs))
                .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUnit(" batches", 1)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out, RENDERED_WIDTH)).showSpeed().build();
    }

    @Override
    public void batchDone(int batch, double loss) {
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
        }
    }

    @Override
    public void epochDone(int epoch, List<MetricRow> metrics) {
        close();
        StringBuilder line = new StringBuilder("epoch " + epoch + ":");
        for (MetricRow r : metrics) {
            line.append(String.format(Locale.ROOT, " %s_%s=%.4f", r.split(), r.metric(), r.value()));
        }
        out.println(line);
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
