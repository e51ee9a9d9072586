package org.mnistdynamics.train;

import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of one run: {@code runs/<dataset>/<run-id>/} with {@code config.json}, {@code metrics.csv},
 * {@code provenance.json}, {@code status.json}, {@code run.lock} and {@code checkpoints/}.
 *
 * @param path the run directory
 */
public record RunDirectory(Path path) {

    /**
     * @param runsRoot usually {@code runs/}
     * @param config   the run's configuration
     * @return its directory (not created)
     */
    public static RunDirectory of(Path runsRoot, RunConfig config) {
        return new RunDirectory(runsRoot.resolve(config.dataset()).resolve(config.runId()));
    }

    /** @return {@code config.json} */
    public Path configFile() {
        return path.resolve("config.json");
    }

    /** @return {@code metrics.csv} */
    public Path metricsFile() {
        return path.resolve("metrics.csv");
    }

    /** @return {@code provenance.json} */
    public Path provenanceFile() {
        return path.resolve("provenance.json");
    }

    /** @return {@code status.json} */
    public Path statusFile() {
        return path.resolve("status.json");
    }

    /** @return the checkpoint store in {@code checkpoints/} */
    public CheckpointStore checkpoints() {
        return new CheckpointStore(path.resolve("checkpoints"));
    }

    /** @return the recorded status, if any */
    public Optional<RunStatus> status() throws IOException {
        return Files.exists(statusFile()) ? Optional.of(Json.read(statusFile(), RunStatus.class)) : Optional.empty();
    }

    /** Writes the status atomically. */
    public void writeStatus(RunStatus status) throws IOException {
        AtomicFiles.write(statusFile(), Json.pretty(status));
    }

    /** @return the recorded provenance, if any */
    public Optional<Provenance> provenance() throws IOException {
        return Files.exists(provenanceFile()) ? Optional.of(Json.read(provenanceFile(), Provenance.class)) : Optional.empty();
    }

    /**
     * Writes {@code config.json}, or checks that the existing one describes the same run.
     *
     * @throws IOException naming the file if it exists and differs (edited by hand, or a hash collision)
     */
    public void writeOrCheckConfig(RunConfig config) throws IOException {
        if (Files.exists(configFile())) {
            RunConfig recorded = Json.read(configFile(), RunConfig.class);
            if (!recorded.equals(config)) {
                throw new IOException(configFile() + " describes another configuration than run " + config.runId()
                        + "; expected " + Json.canonical(config) + " but found " + Json.canonical(recorded));
            }
            return;
        }
        AtomicFiles.write(configFile(), Json.pretty(config));
    }
}
