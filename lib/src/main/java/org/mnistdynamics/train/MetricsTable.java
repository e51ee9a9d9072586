package org.mnistdynamics.train;

import org.mnistdynamics.util.TableFiles;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The long-format metrics table {@code run_id, seed, epoch, split, metric, value} (Tablesaw), with explicit column
 * types on read and write, so a CSV that does not match is an error rather than a silently re-typed column.
 */
public final class MetricsTable {

    /** Column names, in order. */
    public static final List<String> COLUMNS = List.of("run_id", "seed", "epoch", "split", "metric", "value");
    /** Column types, in the order of {@link #COLUMNS}. */
    public static final ColumnType[] TYPES = {ColumnType.STRING, ColumnType.LONG, ColumnType.INTEGER,
            ColumnType.STRING, ColumnType.STRING, ColumnType.DOUBLE};

    private MetricsTable() {
    }

    /** @return an empty metrics table named {@code name} */
    public static Table empty(String name) {
        return Table.create(name, StringColumn.create("run_id"), LongColumn.create("seed"), IntColumn.create("epoch"),
                StringColumn.create("split"), StringColumn.create("metric"), DoubleColumn.create("value"));
    }

    /**
     * @param name table name
     * @param rows rows in order
     * @return a metrics table holding them
     */
    public static Table of(String name, Collection<MetricRow> rows) {
        Table t = empty(name);
        for (MetricRow r : rows) {
            t.stringColumn("run_id").append(r.runId());
            t.longColumn("seed").append(r.seed());
            t.intColumn("epoch").append(r.epoch());
            t.stringColumn("split").append(r.split());
            t.stringColumn("metric").append(r.metric());
            t.doubleColumn("value").append(r.value());
        }
        return t;
    }

    /** @return the rows of a metrics table */
    public static List<MetricRow> rows(Table t) {
        List<MetricRow> out = new ArrayList<>(t.rowCount());
        for (Row r : t) {
            out.add(new MetricRow(r.getString("run_id"), r.getLong("seed"), r.getInt("epoch"), r.getString("split"),
                    r.getString("metric"), r.getDouble("value")));
        }
        return out;
    }

    /**
     * Writes the table as CSV, atomically.
     *
     * @param t    a metrics table
     * @param file target CSV
     * @throws IOException naming the file; the previous file is intact then
     */
    public static void write(Table t, Path file) throws IOException {
        TableFiles.writeCsv(t, file);
    }

    /**
     * Reads a metrics CSV with the declared column types.
     *
     * @param file CSV written by {@link #write}
     * @return the table
     * @throws IOException naming the file and what was expected, if it is missing, has other columns or a bad value
     */
    public static Table read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": metrics file does not exist");
        }
        String header;
        try (var lines = Files.lines(file)) {
            header = lines.findFirst().orElse("");
        } catch (java.io.UncheckedIOException | java.nio.charset.CharacterCodingException e) {
            // Binary garbage: Files.lines reports it unchecked and without the file name.
            throw new IOException(file + ": not UTF-8 text, expected a CSV with the header '" + String.join(",", COLUMNS) + "'", e);
        }
        if (!header.strip().equals(String.join(",", COLUMNS))) {
            throw new IOException(file + ": header is '" + header.strip() + "', expected '" + String.join(",", COLUMNS) + "'");
        }
        try {
            Table t = Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).columnTypes(TYPES)
                    .missingValueIndicator("").header(true).build());
            for (var column : t.columns()) {
                if (column.countMissing() > 0) {
                    throw new IOException(column.countMissing() + " missing values in column " + column.name());
                }
            }
            return t;
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a valid metrics table (" + COLUMNS + " with types string, long, int, "
                    + "string, string, double): " + e.getMessage(), e);
        }
    }
}
