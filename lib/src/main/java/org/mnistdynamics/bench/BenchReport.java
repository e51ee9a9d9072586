package org.mnistdynamics.bench;

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

/**
 * The benchmark's table: one row per set-up, ratios against the {@code stock} row and the GEMM rate of the same run.
 *
 * <p>Columns of {@code results/bench.csv}: {@code configuration} (the stock set-up is named {@code stock}),
 * {@code group}, the set-up's fields ({@code classifier, helpers, kernel, layout, workspace, cache, pipeline,
 * threads, processes}), {@code images_per_s} (median of the timed repeats), {@code images_per_s_min},
 * {@code images_per_s_max}, {@code ratio_to_stock}, {@code mflop_per_image} (hand count, {@link FlopCount}),
 * {@code gflops} (images/s x FLOPs per image), {@code fraction_of_gemm} (gflops / the GEMM rate measured by the
 * stock row's process), {@code gemm_gflops} (the GEMM rate measured in the row's own process and build),
 * {@code cpu_utilisation}, {@code peak_rss_mib}, {@code conv_helper}, {@code ratio_to_best_pytorch} (images/s over
 * the best PyTorch peer row's of the same run; empty without peer rows), {@code status} ({@code ok}, the failure, or
 * {@code skipped: <reason>}).
 *
 * <p>PyTorch peer rows ({@link PeerSetUp}, group {@code peer}) have classifier {@code pytorch <version>}, helpers,
 * workspace and cache empty, kernel 3, layout NCHW (eager) or NHWC (channels-last), and no GEMM rate of their own.
 */
public final class BenchReport {

    private BenchReport() {
    }

    /**
     * @param rows benchmark rows; the one whose set-up is {@link SetUp#STOCK} is the reference
     * @return the GEMM rate used as the ceiling: the stock row's, or the highest measured if stock failed (GFLOP/s)
     */
    public static double referenceGemm(List<BenchRow> rows) {
        return rows.stream().filter(r -> r.ok() && SetUp.STOCK.equals(r.setUp())).mapToDouble(BenchRow::ownGemmGflops)
                .findFirst().orElse(rows.stream().filter(r -> r.ok() && !r.isPeer()).mapToDouble(BenchRow::ownGemmGflops)
                        .max().orElse(Double.NaN));
    }

    /** @return the stock row's median images/s (NaN if it is missing or failed) */
    public static double stockRate(List<BenchRow> rows) {
        return rows.stream().filter(r -> r.ok() && SetUp.STOCK.equals(r.setUp())).mapToDouble(BenchRow::imagesPerSecond)
                .findFirst().orElse(Double.NaN);
    }

    /** @return the best (highest median images/s) PyTorch peer row's images/s, NaN without a measured peer row */
    public static double bestPeerRate(List<BenchRow> rows) {
        return rows.stream().filter(r -> r.ok() && r.isPeer()).mapToDouble(BenchRow::imagesPerSecond).max().orElse(Double.NaN);
    }

    /**
     * @param rows benchmark rows
     * @return the table described in the class comment
     */
    public static Table table(List<BenchRow> rows) {
        double gemm = referenceGemm(rows);
        double stock = stockRate(rows);
        double peer = bestPeerRate(rows);
        Table t = Table.create("bench",
                StringColumn.create("configuration"), StringColumn.create("group"), StringColumn.create("classifier"),
                StringColumn.create("helpers"), IntColumn.create("kernel"), StringColumn.create("layout"),
                StringColumn.create("workspace"), StringColumn.create("cache"), StringColumn.create("pipeline"),
                IntColumn.create("threads"), IntColumn.create("processes"),
                DoubleColumn.create("images_per_s"), DoubleColumn.create("images_per_s_min"),
                DoubleColumn.create("images_per_s_max"), DoubleColumn.create("ratio_to_stock"),
                DoubleColumn.create("mflop_per_image"), DoubleColumn.create("gflops"),
                DoubleColumn.create("fraction_of_gemm"), DoubleColumn.create("gemm_gflops"),
                DoubleColumn.create("cpu_utilisation"), DoubleColumn.create("peak_rss_mib"),
                StringColumn.create("conv_helper"), DoubleColumn.create("ratio_to_best_pytorch"),
                StringColumn.create("status"));
        for (BenchRow r : rows) {
            t.stringColumn("configuration").append(r.name());
            t.stringColumn("group").append(r.group());
            if (r.isPeer()) {
                PeerSetUp p = r.peer();
                t.stringColumn("classifier").append(r.ok() ? "pytorch " + r.children().get(0).loadedLibrary()
                        .replaceFirst("^torch ", "") : "pytorch");
                t.stringColumn("helpers").append("");
                t.intColumn("kernel").append(3);
                t.stringColumn("layout").append(p.layout().name());
                t.stringColumn("workspace").append("");
                t.stringColumn("cache").append("");
                t.stringColumn("pipeline").append(SetUp.Pipeline.GATHER.name());
                t.intColumn("threads").append(p.threads());
                t.intColumn("processes").append(1);
            } else {
                SetUp s = r.setUp();
                t.stringColumn("classifier").append(s.classifier());
                t.stringColumn("helpers").append(s.helpers() ? "on" : "off");
                t.intColumn("kernel").append(s.kernelSize());
                t.stringColumn("layout").append(s.layout().name());
                t.stringColumn("workspace").append(s.workspace().name());
                t.stringColumn("cache").append(s.cache().name());
                t.stringColumn("pipeline").append(s.pipeline().name());
                t.intColumn("threads").append(s.threads());
                t.intColumn("processes").append(s.processes());
            }
            t.doubleColumn("images_per_s").append(round(r.imagesPerSecond(), 1));
            t.doubleColumn("images_per_s_min").append(round(r.minImagesPerSecond(), 1));
            t.doubleColumn("images_per_s_max").append(round(r.maxImagesPerSecond(), 1));
            t.doubleColumn("ratio_to_stock").append(round(r.imagesPerSecond() / stock, 3));
            t.doubleColumn("mflop_per_image").append(round(r.flopsPerImage() / 1e6, 3));
            t.doubleColumn("gflops").append(round(r.gflops(), 2));
            t.doubleColumn("fraction_of_gemm").append(round(r.gflops() / gemm, 4));
            t.doubleColumn("gemm_gflops").append(round(r.ownGemmGflops(), 1));
            t.doubleColumn("cpu_utilisation").append(round(r.cpuUtilisation(), 3));
            t.doubleColumn("peak_rss_mib").append(round(r.peakRssMiB(), 0));
            t.stringColumn("conv_helper").append(r.ok() ? r.children().get(0).convHelper() : "");
            t.doubleColumn("ratio_to_best_pytorch").append(round(r.imagesPerSecond() / peer, 3));
            t.stringColumn("status").append(r.ok() ? "ok" : r.error().replaceAll("\\s+", " "));
        }
        return t;
    }

    /**
     * Writes the table as CSV, atomically.
     *
     * @param rows rows
     * @param file target, e.g. {@code results/bench.csv}
     * @throws IOException naming the file
     */
    public static void writeCsv(List<BenchRow> rows, Path file) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        table(rows).write().csv(CsvWriteOptions.builder(buffer).header(true).build());
        AtomicFiles.write(file, buffer.toByteArray());
    }

    /**
     * Prints a fixed-width table: configuration, images/s (median, min-max), ratio to stock and to the best PyTorch
     * row, GFLOP/s, % of GEMM; skipped rows with their reason.
     *
     * @param rows rows
     * @param out  where to print
     */
    public static void print(List<BenchRow> rows, PrintStream out) {
        double gemm = referenceGemm(rows);
        double stock = stockRate(rows);
        double peer = bestPeerRate(rows);
        int width = rows.stream().mapToInt(r -> r.name().length()).max().orElse(10);
        String format = "%-" + width + "s  %9s  %15s  %7s  %9s  %8s  %7s  %5s%n";
        out.printf(Locale.ROOT, format, "configuration", "images/s", "min-max", "x stock", "x pytorch", "GFLOP/s", "% GEMM", "cpu");
        for (BenchRow r : rows) {
            if (!r.ok()) {
                out.printf(Locale.ROOT, "%-" + width + "s  %s%n", r.name(), r.skipped()
                        ? r.error().lines().findFirst().orElse("") : "FAILED: " + r.error().lines().findFirst().orElse(""));
                continue;
            }
            out.printf(Locale.ROOT, format, r.name(), fmt(r.imagesPerSecond(), 1),
                    fmt(r.minImagesPerSecond(), 0) + "-" + fmt(r.maxImagesPerSecond(), 0),
                    fmt(r.imagesPerSecond() / stock, 2), fmt(r.imagesPerSecond() / peer, 2), fmt(r.gflops(), 2),
                    fmt(100 * r.gflops() / gemm, 1), fmt(r.cpuUtilisation(), 2));
        }
        out.printf(Locale.ROOT, "FP32 GEMM through ND4J (stock process): %.1f GFLOP/s%n", gemm);
    }

    private static String fmt(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "-";
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.NaN;
        }
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
