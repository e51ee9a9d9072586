package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.mnistdynamics.util.AtomicFiles;
import org.mnistdynamics.util.FaultPoints;
import org.mnistdynamics.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Per-epoch checkpoints of one run, in {@code <run>/checkpoints/}.
 *
 * <p>Checkpoint {@code e} is two files, each written atomically: {@code epoch-NNN.zip}, the DL4J model file with the
 * updater state (e.g. Adam's moment estimates; see shared case 03), and then {@code epoch-NNN.json}, a manifest with the
 * zip's SHA-256 and size and the metric rows of that epoch. A checkpoint counts only when its manifest exists and the
 * zip matches it; the manifests are also the source from which {@code metrics.csv} can be rebuilt.
 * Epoch 0 holds the initial weights.
 */
public final class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    /**
     * What is recorded beside each checkpoint zip.
     *
     * @param epoch     epoch completed (0 = initial weights)
     * @param sha256    hex SHA-256 of the zip
     * @param sizeBytes size of the zip
     * @param created   ISO-8601 time of writing
     * @param metrics   metric rows of this epoch
     */
    public record Manifest(@JsonProperty("epoch") int epoch, @JsonProperty("sha256") String sha256,
                           @JsonProperty("sizeBytes") long sizeBytes, @JsonProperty("created") String created,
                           @JsonProperty("metrics") List<MetricRow> metrics) {
        /** JSON creator. */
        @JsonCreator
        public Manifest {
        }
    }

    private final Path dir;

    /** @param dir the run's {@code checkpoints/} folder */
    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    /** @return the zip of epoch {@code epoch} */
    public Path zip(int epoch) {
        return dir.resolve(String.format("epoch-%03d.zip", epoch));
    }

    /** @return the manifest of epoch {@code epoch} */
    public Path manifest(int epoch) {
        return dir.resolve(String.format("epoch-%03d.json", epoch));
    }

    /**
     * Writes checkpoint {@code epoch} (model with updater, then manifest).
     *
     * @param epoch   epoch just completed (0 = initial weights)
     * @param net     the network
     * @param metrics that epoch's metric rows
     * @throws IOException naming the file, if a write fails; earlier checkpoints are intact then
     */
    public void write(int epoch, MultiLayerNetwork net, List<MetricRow> metrics) throws IOException {
        MessageDigest sha = sha256();
        AtomicFiles.write(zip(epoch), out -> {
            // Hashes while writing and offers a fault-injection point mid-file.
            ModelSerializer.writeModel(net, new java.io.FilterOutputStream(out) {
                private long written;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    sha.update(b, off, len);
                    long before = written;
                    written += len;
                    // Once per zip, so that "checkpoint-write#n" means the n-th checkpoint, not the n-th buffer.
                    if (before <= 4096 && written > 4096) {
                        FaultPoints.reach("checkpoint-write");
                    }
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    sha.update((byte) b);
                }

                @Override
                public void close() {
                    // ModelSerializer closes its stream; the atomic writer owns the real one
                }
            }, true);
        });
        String hex = HexFormat.of().formatHex(sha.digest());
        AtomicFiles.write(manifest(epoch), Json.pretty(new Manifest(epoch, hex, Files.size(zip(epoch)),
                Instant.now().toString(), metrics)));
    }

    /**
     * Finds the newest checkpoint whose zip matches its manifest. Invalid newer ones (truncated, corrupted, an
     * unreadable manifest) are reported and moved aside as {@code *.corrupt} so that they are never used. The newest zip
     * without a manifest is the trace of a process stopped inside {@link #write}; it is removed (and logged).
     *
     * @return the manifests of all valid checkpoints up to the newest valid one, in epoch order, stopping at the first
     * gap; empty if there is none
     * @throws IOException if the folder cannot be read
     */
    public List<Manifest> validChain() throws IOException {
        List<Manifest> chain = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return chain;
        }
        AtomicFiles.removeLeftovers(dir);
        int epoch = 0;
        while (Files.exists(zip(epoch)) || Files.exists(manifest(epoch))) {
            if (!Files.exists(manifest(epoch)) && !Files.exists(zip(epoch + 1)) && !Files.exists(manifest(epoch + 1))) {
                // The newest zip without its manifest: the process stopped between the two atomic writes of write().
                // That is an incomplete checkpoint, not a damaged one, so it is removed rather than kept as *.corrupt.
                log.info("{}: incomplete checkpoint (the process stopped before its manifest was written); removed", zip(epoch));
                Files.delete(zip(epoch));
                break;
            }
            Optional<Manifest> m = verify(epoch);
            if (m.isEmpty()) {
                quarantineFrom(epoch);
                break;
            }
            chain.add(m.get());
            epoch++;
        }
        return chain;
    }

    /**
     * Loads a checkpoint's network with its updater state.
     *
     * @param epoch a valid checkpoint's epoch
     * @return the restored network
     * @throws IOException naming the file if it cannot be read
     */
    public MultiLayerNetwork load(int epoch) throws IOException {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(zip(epoch).toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException(zip(epoch) + ": cannot restore the checkpoint: " + e.getMessage(), e);
        }
    }

    /** Removes checkpoints after {@code epoch} (they belong to a future that is being recomputed). */
    void deleteAfter(int epoch) throws IOException {
        for (int e = epoch + 1; Files.exists(zip(e)) || Files.exists(manifest(e)); e++) {
            Files.deleteIfExists(manifest(e));
            Files.deleteIfExists(zip(e));
        }
    }

    private Optional<Manifest> verify(int epoch) {
        Path zip = zip(epoch);
        Path manifest = manifest(epoch);
        try {
            if (!Files.exists(manifest)) {
                log.warn("{}: checkpoint has no manifest (interrupted while being written); not used", zip);
                return Optional.empty();
            }
            Manifest m = Json.read(manifest, Manifest.class);
            if (!Files.exists(zip)) {
                log.warn("{}: checkpoint file is missing; not used", zip);
                return Optional.empty();
            }
            long size = Files.size(zip);
            String actual = sha256Hex(zip);
            if (size != m.sizeBytes() || !actual.equals(m.sha256()) || m.epoch() != epoch) {
                log.warn("{}: checkpoint is corrupt: {} bytes with SHA-256 {}, expected {} bytes with SHA-256 {}; "
                        + "falling back to the previous checkpoint", zip, size, actual, m.sizeBytes(), m.sha256());
                return Optional.empty();
            }
            return Optional.of(m);
        } catch (IOException e) {
            log.warn("{}: unreadable checkpoint manifest ({}); falling back to the previous checkpoint", manifest, e.getMessage());
            return Optional.empty();
        }
    }

    private void quarantineFrom(int epoch) throws IOException {
        for (int e = epoch; Files.exists(zip(e)) || Files.exists(manifest(e)); e++) {
            for (Path p : List.of(zip(e), manifest(e))) {
                if (Files.exists(p)) {
                    Path aside = p.resolveSibling(p.getFileName() + ".corrupt");
                    Files.move(p, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    log.warn("moved {} aside as {}", p, aside.getFileName());
                }
            }
        }
    }

    private static String sha256Hex(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
