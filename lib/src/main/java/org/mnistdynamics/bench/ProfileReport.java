package org.mnistdynamics.bench;

import org.mnistdynamics.data.DatasetSplits;
import org.mnistdynamics.util.AtomicFiles;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tables of where training time goes, from {@link ProfileChild} results.
 *
 * <p>Phase table ({@code bench-profile.csv}): {@code label, configuration, phase, layer, samples, share} (of the
 * training thread's samples), {@code seconds} (share x the profiled run's wall time) and
 * {@code seconds_per_full_epoch}: the estimate for one epoch of the full profile (55,000 training images;
 * 5,000 validation + 10,000 test images evaluated; one checkpoint). Training phases scale with the training images,
 * evaluation with the evaluated images; the profiled run evaluated and checkpointed twice (epoch 0 and 1).
 * Layer table ({@code bench-layers.csv}): {@code label, configuration, layer, forward_ms, backward_ms} per mini-batch
 * of 128.
 */
public final class ProfileReport {

    private ProfileReport() {
    }

    /**
     * A labelled profile.
     *
     * @param label  e.g. {@code before} or {@code after}
     * @param result the child's result
     */
    public record Labelled(String label, ProfileChild.Result result) {
    }

    /**
     * @param r     a profile
     * @param phase its phase
     * @return the factor from the profiled run's seconds in that phase to one full-profile epoch's
     */
    static double fullEpochFactor(ProfileChild.Result r, String phase) {
        return switch (phase) {
            case "evaluation" -> 0.5 * (DatasetSplits.VALIDATION_SIZE + 10_000.0)
                    / (Math.min(r.evalImages(), DatasetSplits.VALIDATION_SIZE) + Math.min(r.evalImages(), 10_000));
            case "checkpointing", "other" -> 0.5;
            default -> (double) DatasetSplits.TRAIN_SIZE / r.trainImages();
        };
    }

    /** @return the phase table described in the class comment */
    public static Table phases(List<Labelled> profiles) {
        Table t = Table.create("profile", StringColumn.create("label"), StringColumn.create("configuration"),
                StringColumn.create("phase"), StringColumn.create("layer"), IntColumn.create("samples"),
                DoubleColumn.create("share"), DoubleColumn.create("seconds"), DoubleColumn.create("seconds_per_full_epoch"));
        for (Labelled p : profiles) {
            ProfileChild.Result r = p.result();
            int total = r.samples().values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
            for (String phase : StackPhase.PHASES) {
                Map<String, Integer> layers = r.samples().get(phase);
                if (layers == null) {
                    continue;
                }
                for (Map.Entry<String, Integer> e : layers.entrySet()) {
                    double share = (double) e.getValue() / total;
                    t.stringColumn("label").append(p.label());
                    t.stringColumn("configuration").append(r.setUp().name());
                    t.stringColumn("phase").append(phase);
                    t.stringColumn("layer").append(e.getKey());
                    t.intColumn("samples").append(e.getValue());
                    t.doubleColumn("share").append(round(share, 4));
                    t.doubleColumn("seconds").append(round(share * r.wallSeconds(), 2));
                    t.doubleColumn("seconds_per_full_epoch").append(round(share * r.wallSeconds() * fullEpochFactor(r, phase), 2));
                }
            }
        }
        return t;
    }

    /** @return the layer table described in the class comment */
    public static Table layers(List<Labelled> profiles) {
        Table t = Table.create("layers", StringColumn.create("label"), StringColumn.create("configuration"),
                StringColumn.create("layer"), DoubleColumn.create("forward_ms"), DoubleColumn.create("backward_ms"));
        for (Labelled p : profiles) {
            for (LayerTimer.LayerTime l : p.result().layers()) {
                t.stringColumn("label").append(p.label());
                t.stringColumn("configuration").append(p.result().setUp().name());
                t.stringColumn("layer").append(l.name());
                t.doubleColumn("forward_ms").append(round(l.forwardMs(), 2));
                t.doubleColumn("backward_ms").append(round(l.backwardMs(), 2));
            }
        }
        return t;
    }

    /**
     * Prints, per profile, seconds per full-profile epoch by phase (with the layer split) and the per-layer times.
     *
     * @param profiles profiles
     * @param out      where to print
     */
    public static void print(List<Labelled> profiles, PrintStream out) {
        for (Labelled p : profiles) {
            ProfileChild.Result r = p.result();
            int total = r.samples().values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
            out.printf(Locale.ROOT, "%n[%s] %s: %d training + %d x 2 evaluation images in %.1f s, %d samples, peak RSS %.0f MiB%n",
                    p.label(), r.setUp().name(), r.trainImages(), r.evalImages(), r.wallSeconds(), total, r.peakRssMiB());
            out.printf(Locale.ROOT, "  %-14s %7s %12s   %s%n", "phase", "share", "s/full epoch", "by layer (s/full epoch)");
            double epoch = 0;
            for (String phase : StackPhase.PHASES) {
                Map<String, Integer> layers = r.samples().get(phase);
                if (layers == null) {
                    continue;
                }
                int n = layers.values().stream().mapToInt(Integer::intValue).sum();
                double factor = r.wallSeconds() * fullEpochFactor(r, phase) / total;
                StringBuilder split = new StringBuilder();
                layers.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e ->
                        split.append(String.format(Locale.ROOT, "%s %.1f  ", e.getKey(), e.getValue() * factor)));
                out.printf(Locale.ROOT, "  %-14s %6.1f%% %12.1f   %s%n", phase, 100.0 * n / total, n * factor, split.toString().trim());
                epoch += n * factor;
            }
            out.printf(Locale.ROOT, "  %-14s %7s %12.1f%n", "total", "", epoch);
            out.printf(Locale.ROOT, "  per mini-batch of 128, ms:%n");
            for (LayerTimer.LayerTime l : r.layers()) {
                out.printf(Locale.ROOT, "    %-8s forward %7.2f  backward %7.2f%n", l.name(), l.forwardMs(), l.backwardMs());
            }
        }
    }

    /**
     * @param table a table
     * @param file  CSV target, written atomically
     * @throws IOException naming the file
     */
    public static void writeCsv(Table table, Path file) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        table.write().csv(CsvWriteOptions.builder(buffer).header(true).build());
        AtomicFiles.write(file, buffer.toByteArray());
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
