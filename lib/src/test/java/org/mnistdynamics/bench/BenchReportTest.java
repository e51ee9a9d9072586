package org.mnistdynamics.bench;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Medians, ratios to stock and fractions of GEMM in the bench table, from hand-made child results. */
class BenchReportTest {

    @TempDir
    Path dir;

    private static ChildResult child(SetUp s, double gemm, double... rates) {
        return new ChildResult(s, "/x/linux-x86_64/libnd4jcpu.so", "none", gemm,
                java.util.Arrays.stream(rates).boxed().toList(), List.of(0.9, 0.95, 1.0), 0.3, 800, 1.0);
    }

    @Test
    void ratiosAndFractionsFollowFromTheMedians() throws Exception {
        SetUp fast = SetUp.STOCK.withBuild("-onednn", true).withShape(3, CNN2DFormat.NCHW);
        SetUp sweep = fast.withParallelism(1, 2);
        List<BenchRow> rows = List.of(
                new BenchRow("reference", SetUp.STOCK, List.of(child(SetUp.STOCK, 200, 100, 110, 90)), ""),
                new BenchRow("classifier", fast, List.of(child(fast, 190, 300, 320, 310)), ""),
                new BenchRow("threads", sweep, List.of(child(sweep, 100, 150, 160, 140), child(sweep, 100, 140, 150, 170)), ""),
                new BenchRow("modes", fast.withPipeline(SetUp.Pipeline.ASYNC), List.of(), "child exited with code 1"));

        assertEquals(100, rows.get(0).imagesPerSecond(), 1e-9);
        assertEquals(310, rows.get(1).imagesPerSecond(), 1e-9);
        assertArrayEquals(new double[]{290, 310, 310}, rows.get(2).repeatRates(), 1e-9, "side-by-side processes add up per repeat");
        assertEquals(310, rows.get(2).imagesPerSecond(), 1e-9);
        assertEquals(200, BenchReport.referenceGemm(rows), 1e-9, "the ceiling is the stock process's GEMM rate");

        Path csv = dir.resolve("bench.csv");
        BenchReport.writeCsv(rows, csv);
        Table t = Table.read().usingOptions(CsvReadOptions.builder(csv.toFile()).header(true));
        assertEquals(List.of("configuration", "group", "classifier", "helpers", "kernel", "layout", "workspace", "cache",
                "pipeline", "threads", "processes", "images_per_s", "images_per_s_min", "images_per_s_max",
                "ratio_to_stock", "mflop_per_image", "gflops", "fraction_of_gemm", "gemm_gflops", "cpu_utilisation",
                "peak_rss_mib", "conv_helper", "ratio_to_best_pytorch", "status"), t.columnNames());
        assertEquals("stock", t.stringColumn("configuration").get(0));
        assertEquals(66.391, t.numberColumn("mflop_per_image").getDouble(0), 1e-9);
        assertEquals(6.64, t.numberColumn("gflops").getDouble(0), 1e-9); // 100 x 66.390528 MFLOP
        assertEquals(3.1, t.numberColumn("ratio_to_stock").getDouble(1), 1e-9);
        assertEquals(7.89, t.numberColumn("gflops").getDouble(1), 1e-9); // 310 x 25.446912 MFLOP = 7.8885
        assertEquals(0.0394, t.numberColumn("fraction_of_gemm").getDouble(1), 1e-9); // 7.8885 / 200
        assertEquals(190, t.numberColumn("gemm_gflops").getDouble(1), 1e-9);
        assertEquals("child exited with code 1", t.stringColumn("status").get(3));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BenchReport.print(rows, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("FAILED: child exited with code 1") && text.contains("200.0 GFLOP/s"), text);
    }

    private static ChildResult peer(double... rates) {
        return new ChildResult(null, "torch 2.15.0", "onednn (torch)", Double.NaN,
                java.util.Arrays.stream(rates).boxed().toList(), List.of(0.99, 0.99, 0.99), 0.3, 900, 2.0);
    }

    @Test
    void peerRowsGiveEveryRowItsRatioToTheBestPytorchRow() throws Exception {
        SetUp fast = SetUp.STOCK.withBuild("-onednn", true).withShape(3, CNN2DFormat.NCHW);
        List<BenchRow> rows = List.of(
                new BenchRow("reference", SetUp.STOCK, List.of(child(SetUp.STOCK, 200, 100, 110, 90)), ""),
                new BenchRow("classifier", fast, List.of(child(fast, 190, 300, 320, 310)), ""),
                new BenchRow("peer", new PeerSetUp("eager", 2), List.of(peer(500, 520, 510)), ""),
                new BenchRow("peer", new PeerSetUp("channels-last", 2), List.of(peer(610, 620, 600)), ""));
        assertEquals(610, BenchReport.bestPeerRate(rows), 1e-9);
        assertEquals(200, BenchReport.referenceGemm(rows), 1e-9, "peer rows do not change the GEMM ceiling");
        Path csv = dir.resolve("bench.csv");
        BenchReport.writeCsv(rows, csv);
        Table t = Table.read().usingOptions(CsvReadOptions.builder(csv.toFile()).header(true));
        assertEquals(0.508, t.numberColumn("ratio_to_best_pytorch").getDouble(1), 1e-9); // 310 / 610
        assertEquals(1.0, t.numberColumn("ratio_to_best_pytorch").getDouble(3), 1e-9);
        assertEquals("pytorch channels-last 2t", t.stringColumn("configuration").get(3));
        assertEquals("pytorch 2.15.0", t.stringColumn("classifier").get(3));
        assertEquals("NHWC", t.stringColumn("layout").get(3));
        assertEquals(3, t.intColumn("kernel").get(3));
        assertEquals(6.1, t.numberColumn("ratio_to_stock").getDouble(3), 1e-9);

        BenchRow merged = rows.get(2).merge(new BenchRow("peer", new PeerSetUp("eager", 2), List.of(peer(700, 710, 720)), ""));
        assertEquals(6, merged.repeatRates().length, "a second round adds its repeats");
        assertEquals(610, merged.imagesPerSecond(), 1e-9); // (520 + 700) / 2
    }
}
