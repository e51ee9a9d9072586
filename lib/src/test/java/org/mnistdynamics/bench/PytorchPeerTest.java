package org.mnistdynamics.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistdynamics.testing.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Java side of the PyTorch peer without torch: parsing its result line, the parameter-count check, a fake peer
 * script run through {@link PytorchPeer#measure}, and the "unavailable, skipped with the reason" paths (no
 * environment; the real script under a Python without torch). Never installs anything.
 */
class PytorchPeerTest {

    @TempDir
    Path dir;

    private static final String RESULT = "PEER-RESULT {\"variant\": \"eager\", \"threads\": 2, \"torchVersion\": \"2.15.0\", "
            + "\"onednn\": true, \"parameters\": %d, \"imagesPerSecond\": [3000.0, 3500.0, 3400.0], "
            + "\"cpuUtilisation\": [0.97, 0.98, 0.99], \"lastLoss\": 0.21, \"peakRssMiB\": 900.5, \"loadAverage\": 2.1}";

    private BenchRunner.Settings settings() {
        return new BenchRunner.Settings(256, 3, 128, 64, 1, dir, dir.resolve("logs"), 60);
    }

    @Test
    void parsesTheResultLineAmongOtherOutput() throws IOException {
        PytorchPeer.PeerResult r = PytorchPeer.parse(List.of("some warning", String.format(RESULT, 421_642), ""),
                new PeerSetUp("eager", 2));
        assertEquals(List.of(3000.0, 3500.0, 3400.0), r.imagesPerSecond());
        ChildResult c = r.toChildResult();
        assertNull(c.setUp());
        assertEquals("torch 2.15.0", c.loadedLibrary());
        assertTrue(Double.isNaN(c.gemmGflops()));
        BenchRow row = new BenchRow("peer", new PeerSetUp("eager", 2), List.of(c), "");
        assertEquals(3400.0, row.imagesPerSecond(), 1e-9);
        assertEquals("pytorch eager 2t", row.name());
        assertEquals(25.446912e6, row.flopsPerImage(), 1, "the peer trains the 3x3 baseline");
    }

    @Test
    void rejectsAnotherNetworkOrAnotherRequest() {
        IOException e = assertThrows(IOException.class, () -> PytorchPeer.parse(List.of(String.format(RESULT, 421_643)),
                new PeerSetUp("eager", 2)));
        assertTrue(e.getMessage().contains("421643") && e.getMessage().contains("421642"), e.getMessage());
        e = assertThrows(IOException.class, () -> PytorchPeer.parse(List.of(String.format(RESULT, 421_642)),
                new PeerSetUp("channels-last", 2)));
        assertTrue(e.getMessage().contains("channels-last"), e.getMessage());
        e = assertThrows(IOException.class, () -> PytorchPeer.parse(List.of("nothing"), new PeerSetUp("eager", 2)));
        assertTrue(e.getMessage().contains("PEER-RESULT"), e.getMessage());
    }

    @Test
    void runsAFakePeerWithTheBenchmarksArguments() throws Exception {
        Path args = dir.resolve("args.txt");
        Path fake = dir.resolve("fake-python");
        Files.writeString(fake, "#!/bin/sh\necho \"$@ OMP=$OMP_NUM_THREADS\" > '" + args + "'\necho 'progress' >&2\n"
                + "echo '" + String.format(RESULT, 421_642) + "'\n");
        Files.setPosixFilePermissions(fake, Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE, java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
        ChildResult c = new PytorchPeer(dir, fake, settings()).measure(new PeerSetUp("eager", 2));
        assertEquals(3, c.imagesPerSecond().size());
        String passed = Files.readString(args);
        assertTrue(passed.contains(PytorchPeer.SCRIPT) && passed.contains("--variant eager") && passed.contains("--threads 2")
                && passed.contains("--images 256") && passed.contains("--repeats 3") && passed.contains("--warmup 128")
                && passed.contains("OMP=2") && passed.contains(dir.resolve("data").resolve("mnist").toString()), passed);
    }

    @Test
    void missingEnvironmentIsUnavailableWithWhatToDo() {
        PytorchPeer.Unavailable u = assertThrows(PytorchPeer.Unavailable.class,
                () -> new PytorchPeer(dir, null, settings()).measure(new PeerSetUp("eager", 2)));
        assertTrue(u.getMessage().contains("--pytorch-install") && u.getMessage().contains(PytorchPeer.VENV), u.getMessage());
    }

    @Test
    void theRealScriptReportsTorchMissing() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
        Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() != 0,
                "torch is importable by /usr/bin/python3, so the unavailable path cannot be shown with it");
        Path root = TestData.projectRoot();
        PytorchPeer.Unavailable u = assertThrows(PytorchPeer.Unavailable.class,
                () -> new PytorchPeer(root, python, settings()).measure(new PeerSetUp("channels-last", 1)));
        assertTrue(u.getMessage().contains("cannot import torch"), u.getMessage());
    }

    @Test
    void skippedPeerRowsAreReportedNotFailed() throws Exception {
        BenchRow skipped = new BenchRow("peer", new PeerSetUp("eager", 2), List.of(), BenchRow.SKIPPED + "no torch here");
        assertFalse(skipped.ok());
        assertTrue(skipped.skipped());
        Path csv = dir.resolve("bench.csv");
        BenchReport.writeCsv(List.of(skipped), csv);
        assertTrue(Files.readString(csv).contains("skipped: no torch here"));
    }
}
