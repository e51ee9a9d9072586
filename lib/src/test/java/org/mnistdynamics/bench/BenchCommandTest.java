package org.mnistdynamics.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.cli.Main;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.train.NativeBackend;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code bench --quick} end to end with tiny repeats (what CI runs): three child JVMs on real MNIST, a table whose
 * stock row is named {@code stock}, sane numbers, and the JSON record of the choice.
 */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void quickBenchWritesTheTable() throws Exception {
        Assumptions.assumeTrue(NativeBackend.shippedVariants().contains("stock"), "the stock nd4j-native build is not on "
                + "the classpath (default build ships -onednn only); scripts/test.sh runs this test with -P cpu,reference-builds");
        Path csv = dir.resolve("bench.csv");
        int exit = Main.commandLine().execute("bench", "--quick", "--project-dir", TestData.projectRoot().toString(),
                "--images", "256", "--warmup", "128", "--output", csv.toString());
        assertEquals(0, exit);
        Table t = Table.read().usingOptions(CsvReadOptions.builder(csv.toFile()).header(true));
        assertEquals(4, t.rowCount(), t.print()); // stock, default, default without helpers, default (un)pinned
        assertEquals("stock", t.stringColumn("configuration").get(0));
        assertEquals(1.0, t.numberColumn("ratio_to_stock").getDouble(0), 1e-9);
        for (int i = 0; i < 4; i++) {
            double rate = t.numberColumn("images_per_s").getDouble(i);
            assertTrue(rate > 5 && rate < 100_000, "images/s " + rate + " in row " + i);
            double fraction = t.numberColumn("fraction_of_gemm").getDouble(i);
            assertTrue(fraction > 0 && fraction < 1, "training cannot beat a large GEMM: fraction " + fraction + " in row " + i);
            assertEquals("ok", t.stringColumn("status").get(i));
        }
        String json = Files.readString(dir.resolve("bench.json"));
        assertTrue(json.contains("\"chosen\"") && json.contains("\"gemmGflops\""), json);
    }

    @Test
    void unknownClassifierIsRejectedWithTheSupportedOnes() {
        int exit = Main.commandLine().execute("bench", "--classifiers", "-avx1024", "--project-dir",
                TestData.projectRoot().toString(), "--output", dir.resolve("x.csv").toString());
        assertEquals(2, exit);
    }
}
