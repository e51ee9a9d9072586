package org.mnistdynamics.util;

import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** Tablesaw tables written as CSV with a header, atomically ({@link AtomicFiles}). */
public final class TableFiles {

    private TableFiles() {
    }

    /**
     * @param file a CSV file
     * @return its first line (the header), or "" if the file is empty
     * @throws IOException naming the file if it cannot be read
     */
    public static String header(Path file) throws IOException {
        try (var lines = java.nio.file.Files.lines(file)) {
            return lines.findFirst().orElse("");
        } catch (java.io.UncheckedIOException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
    }

    /**
     * @param table the table
     * @param file  target CSV
     * @throws IOException naming the file; a previous version stays intact
     */
    public static void writeCsv(Table table, Path file) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        table.write().csv(CsvWriteOptions.builder(buffer).header(true).build());
        AtomicFiles.write(file, buffer.toByteArray());
    }
}
