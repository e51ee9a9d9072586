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
