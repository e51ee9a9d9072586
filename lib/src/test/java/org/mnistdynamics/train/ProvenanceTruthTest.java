package org.mnistdynamics.train;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.experiment.CleanResults;
import org.mnistdynamics.testing.TestData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Provenance tells the truth (issue 14, point 5): it records the DL4J layer helpers that attached, not the ones asked
 * for, and the commit the classes were built from; results for a folder git tracks come from a clean commit.
 * Injected: {@code SD_FORBID_HELPERS=1} in a child JVM whose helper property asks for the helpers (before, its
 * provenance said "onednn (fused conv2d/maxpool2d ops)"); run commits ending in {@code -dirty} for a tracked
 * {@code results/} folder of a scratch git checkout.
 */
class ProvenanceTruthTest {

    @TempDir
    Path dir;

    private static String child(Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "-D" + NativeBackend.HELPERS_PROPERTY + "=false", "-cp", System.getProperty("java.class.path"),
                HelpersChild.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        return out.lines().filter(l -> l.startsWith("HELPERS ")).findFirst()
                .orElseThrow(() -> new AssertionError("child printed no HELPERS line: " + out)).substring(8);
    }

    @Test
    void helpersForbiddenByLibnd4jAreRecordedAsNotAttached() throws Exception {
        Assumptions.assumeTrue(NativeBackend.variant().contains("onednn"), "needs the -onednn build (helpers exist there)");
        String allowed = child(Map.of());
        assertEquals("on|true|ConvolutionLayer: MKLDNNConvHelper, SubsamplingLayer: MKLDNNSubsamplingHelper", allowed);
        String forbidden = child(Map.of("SD_FORBID_HELPERS", "1"));
        assertEquals("on|false|none", forbidden, "asked for, forbidden by libnd4j, so none attached");
    }

    @Test
    void buildCommitIsTheCommitOfTheCompiledClasses() throws Exception {
        String built = Provenance.buildCommit();
        Assumptions.assumeFalse("unknown".equals(built), "the classes were built without git");
        String head = new String(new ProcessBuilder("git", "rev-parse", "HEAD").directory(TestData.projectRoot().toFile())
                .start().getInputStream().readAllBytes()).strip();
        assertTrue(built.equals(head) || built.equals(head + "-dirty"), built + " vs HEAD " + head);
        assertEquals(Provenance.isCleanCommit(built), !built.endsWith("-dirty"));
        assertFalse(Provenance.isCleanCommit("unknown"));
        assertFalse(Provenance.isCleanCommit(head + "-dirty"));
    }

    @Test
    void resultsForATrackedFolderMustComeFromACleanCommit() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        git(project, "init", "-q");
        Files.writeString(project.resolve(".gitignore"), "/runs/\n");
        git(project, "add", ".gitignore");
        git(project, "commit", "-q", "-m", "first");
        String dirty = "0123456789abcdef0123456789abcdef01234567-dirty";

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CleanResults.require(project.resolve("results"), Map.of("adam-1", dirty)));
        assertTrue(e.getMessage().contains("results is committed, so its results must come from a clean commit"), e.getMessage());
        assertTrue(e.getMessage().contains("run adam-1 was trained by classes built from " + dirty), e.getMessage());

        // ignored folders (runs/results-smoke) and folders outside a checkout take anything
        CleanResults.require(project.resolve("runs/results-smoke"), Map.of("adam-1", dirty));
        CleanResults.require(Files.createDirectories(dir.resolve("elsewhere")), Map.of("adam-1", dirty));
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.org"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), cmd + ": " + out);
    }
}
