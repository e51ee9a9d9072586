package org.mnistdynamics.experiment;

import org.mnistdynamics.train.Provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Results that go into a folder git tracks (the committed {@code results/}) come from a clean commit: the library
 * that writes them and every run they summarise were built from a commit without uncommitted changes
 * ({@link Provenance#buildCommit()}). Folders git ignores ({@code runs/results-smoke/}, scratch folders) and folders
 * outside a git checkout take any results.
 */
public final class CleanResults {

    private CleanResults() {
    }

    /**
     * @param dir        the folder results are about to be written to
     * @param runCommits run id to the commit recorded in its provenance ({@link Provenance#gitCommit()})
     * @throws IllegalStateException if {@code dir} is tracked by git and the writing library or a run is not of a clean
     *                               commit; the message names them and what to do
     */
    public static void require(Path dir, java.util.Map<String, String> runCommits) {
        if (!trackedByGit(dir)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        String built = Provenance.buildCommit();
        if (!Provenance.isCleanCommit(built)) {
            problems.add("this library was built from " + built);
        }
        runCommits.forEach((run, commit) -> {
            if (!Provenance.isCleanCommit(commit)) {
                problems.add("run " + run + " was trained by classes built from " + commit);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(dir + " is committed, so its results must come from a clean commit, but "
                    + String.join("; ", problems) + ". Commit the changes, rebuild (mvn -DskipTests package) and "
                    + "train those runs again (delete their run folders), or write these results elsewhere.");
        }
    }

    /**
     * @param dir a folder (need not exist yet)
     * @return true if it lies in a git checkout and git does not ignore it
     */
    static boolean trackedByGit(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return false;
        }
        try {
            Process inside = new ProcessBuilder("git", "rev-parse", "--is-inside-work-tree").directory(existing.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(inside.getInputStream().readAllBytes()).strip();
            if (!inside.waitFor(30, TimeUnit.SECONDS) || inside.exitValue() != 0 || !"true".equals(out)) {
                return false;
            }
            // exit 0: ignored, 1: not ignored
            Process ignored = new ProcessBuilder("git", "check-ignore", "-q", abs.toString()).directory(existing.toFile())
                    .redirectErrorStream(true).start();
            ignored.getInputStream().readAllBytes();
            return ignored.waitFor(30, TimeUnit.SECONDS) && ignored.exitValue() == 1;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
