package org.mnistdynamics.experiment;

import org.mnistdynamics.train.MetricsTable;
import org.mnistdynamics.train.Provenance;
import org.mnistdynamics.train.RunConfig;
import org.mnistdynamics.train.RunStatus;
import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a plan's summary: {@code <plan>.csv} (long-format metrics of all its runs) and
 * {@code <plan>-provenance.json} (per run: label, id, configuration, status and provenance).
 */
public final class ResultsWriter {

    private ResultsWriter() {
    }

    /**
     * One run's entry in the provenance file.
     *
     * @param label      label
     * @param runId      run id
     * @param config     configuration (null if it failed before writing one)
     * @param status     status
     * @param error      failure message, or empty
     * @param provenance provenance (null if none was recorded)
     */
    public record RunEntry(String label, String runId, RunConfig config, RunStatus status, String error,
                           Provenance provenance) {
    }

    /**
     * The provenance file's content.
     *
     * @param plan    plan name
     * @param profile profile id
     * @param gitCommit the commit the writing library was built from ({@link Provenance#buildCommit()})
     * @param runs    entries
     */
    public record PlanProvenance(String plan, String profile, String gitCommit, List<RunEntry> runs) {
    }

    /**
     * @param result a plan's outcome
     * @param dir    target folder
     * @return the metrics CSV written
     * @throws IOException           naming the file that could not be written
     * @throws IllegalStateException if {@code dir} is tracked by git and the results are not of a clean commit
     *                               ({@link CleanResults}); nothing is written then
     */
    public static Path write(PlanResult result, Path dir) throws IOException {
        java.util.Map<String, String> commits = new java.util.TreeMap<>();
        for (var run : result.runs()) {
            if (run.result().isPresent()) {
                commits.put(run.runId(), run.result().get().dir().provenance().map(Provenance::gitCommit).orElse("unknown"));
            }
        }
        CleanResults.require(dir, commits);
        Path csv = dir.resolve(result.plan().name() + ".csv");
        MetricsTable.write(result.metrics(), csv);
        List<RunEntry> entries = new ArrayList<>();
        for (var run : result.runs()) {
            if (run.result().isPresent()) {
                var r = run.result().get();
                entries.add(new RunEntry(run.label(), run.runId(), r.config(), r.status(), "",
                        r.dir().provenance().orElse(null)));
            } else {
                String state = run.error().orElse("").startsWith("not finished") ? "not finished" : "failed";
                entries.add(new RunEntry(run.label(), run.runId(), null, new RunStatus(state, 0, run.error().orElse("")),
                        run.error().orElse(""), null));
            }
        }
        AtomicFiles.write(dir.resolve(result.plan().name() + "-provenance.json"), Json.pretty(new PlanProvenance(
                result.plan().name(), result.profile().id(), Provenance.buildCommit(), entries)));
        return csv;
    }
}
