package org.mnistdynamics.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mnistdynamics.model.CnnSpec;
import org.mnistdynamics.testing.TestData;
import org.mnistdynamics.train.NativeBackend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fast set-up the project picks computes the same thing as stock DL4J (shared requirement "accuracy
 * unchanged"): each runs in its own JVM ({@link EquivalenceChild}), because a JVM loads one native build.
 *
 * <p>Reference: the plain {@code linux-x86_64} build, DL4J helpers off, DL4J's default modes. Fast: {@link BenchSession#projectDefault}
 * (the build {@link NativeBackend#bestFor} picks on this CPU, oneDNN helpers on, the default runtime options). Same
 * seed, so same initial weights: the loss on one mini-batch before and after one training step must agree within
 * 1e-4 relative, and one epoch over 2,048 images must reach the same validation accuracy within 0.03.
 */
class FastSetUpEquivalenceTest {

    record Outcome(String library, String helper, double loss0, double loss1, double accuracy) {
    }

    @Test
    void fastSetUpComputesWhatStockComputes() throws Exception {
        Assumptions.assumeTrue(NativeBackend.shippedVariants().contains("stock"), "the stock nd4j-native build is not on "
                + "the classpath (default build ships -onednn only); scripts/test.sh runs this test with -P cpu,reference-builds");
        SetUp fast = BenchSession.projectDefault(NativeBackend.cpuFlags());
        CnnSpec.RuntimeOptions dl4j = CnnSpec.RuntimeOptions.DL4J_DEFAULTS; // same kernel size: the same function
        Outcome stock = run("stock", false, fast.withModes(dl4j.workspaceMode(), dl4j.cacheMode()));
        Outcome quick = run(fast.classifier(), fast.helpers(), fast);

        assertTrue(stock.library().contains("/linux-x86_64/"), "reference must be the plain build: " + stock.library());
        assertEquals("none", stock.helper());
        assertTrue(quick.library().contains("/" + BenchChild.platformFolder(fast.classifier()) + "/"), quick.library());
        if (fast.helpers()) {
            assertEquals("MKLDNNConvHelper", quick.helper(), "the shim must let DL4J attach its oneDNN conv helper");
        }

        assertTrue(stock.loss0() > 2.0 && stock.loss0() < 2.7, "initial loss should be near ln 10: " + stock);
        assertEquals(stock.loss0(), quick.loss0(), 1e-4 * stock.loss0(), "same weights, same mini-batch: " + stock + " vs " + quick);
        assertEquals(stock.loss1(), quick.loss1(), 1e-4 * stock.loss1(), "after one training step: " + stock + " vs " + quick);
        assertNotEquals(stock.loss0(), stock.loss1(), "the step must change the loss");
        assertTrue(stock.accuracy() > 0.7, "one epoch over 2,048 images reaches > 70 %: " + stock);
        assertEquals(stock.accuracy(), quick.accuracy(), 0.03, "same accuracy band: " + stock + " vs " + quick);
    }

    private static Outcome run(String classifier, boolean helpers, SetUp shape) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BenchRunner.javaExecutable(), "-Xmx2g",
                "-D" + NativeBackend.EXTENSION_PROPERTY + "=" + classifier,
                "-D" + NativeBackend.HELPERS_PROPERTY + "=" + !helpers,
                "-cp", BenchRunner.classpath(), EquivalenceChild.class.getName(),
                TestData.projectRoot().toString(), Integer.toString(shape.kernelSize()), shape.layout().name(),
                shape.workspace().name(), shape.cache().name()));
        Path err = Files.createTempFile("equivalence-" + classifier, ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().put("OMP_NUM_THREADS", "2");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child " + classifier + " timed out");
        String line = out.lines().filter(l -> l.startsWith("EQUIV ")).findFirst()
                .orElseThrow(() -> new AssertionError("child " + classifier + " printed no result (exit " + p.exitValue()
                        + "); stderr " + err + ":\n" + BenchRunner.tail(err, 20)));
        String[] f = line.split(" ");
        return new Outcome(f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
    }
}
