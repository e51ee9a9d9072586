package org.mnistdynamics.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The commit recorded in provenance is the project's, wherever the process runs (runs may live outside the checkout). */
class ProvenanceTest {

    @TempDir
    Path dir;

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 5];
        cmd[0] = "git";
        cmd[1] = "-c";
        cmd[2] = "user.name=t";
        cmd[3] = "-c";
        cmd[4] = "user.email=t@example.org";
        System.arraycopy(args, 0, cmd, 5, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    @Test
    void commitOfTheGivenCheckoutWithDirtyMarker() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        git(project, "init", "-q");
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        git(project, "add", "pom.xml");
        git(project, "commit", "-q", "-m", "first");
        String head = git(project, "rev-parse", "HEAD");
        assertEquals(40, head.length());
        assertEquals(head, Provenance.currentGitCommit(project));
        Files.writeString(project.resolve("pom.xml"), "<project></project>");
        assertEquals(head + "-dirty", Provenance.currentGitCommit(project));
        Files.writeString(project.resolve("untracked.txt"), "x"); // untracked files do not count
        git(project, "checkout", "-q", "pom.xml");
        assertEquals(head, Provenance.currentGitCommit(project));
    }

    @Test
    void unknownOutsideACheckoutOrForAMissingFolder() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("not-a-checkout"));
        assertEquals("unknown", Provenance.currentGitCommit(outside));
        assertEquals("unknown", Provenance.currentGitCommit(dir.getRoot().resolve("no/such/folder")));
    }
}
