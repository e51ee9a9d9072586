package org.mnistdynamics.plot;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.Locale;
import java.util.Set;

/**
 * Tablesaw tables as small HTML tables for notebooks and the article (a Java kernel shows them with
 * {@code display(html, "text/html")}). Columns whose name contains {@code accuracy} are shown as percentages
 * with two decimals; other doubles with four significant digits and no trailing zeros (0.5, 13.2, 0.0312); integers with
 * thousands separators; missing values as an em dash.
 */
public final class HtmlTables {

    private static final Set<String> PERCENT_HINTS = Set.of("accuracy", "fraction", "gap");

    private HtmlTables() {
    }

    /**
     * @param table any table
     * @return an HTML {@code <table>} with a header row, numbers right-aligned
     */
    public static String html(Table table) {
        StringBuilder s = new StringBuilder("<table class=\"mnist-table\">\n<thead><tr>");
        for (Column<?> c : table.columns()) {
            s.append("<th>").append(escape(c.name().replace('_', ' '))).append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        for (int row = 0; row < table.rowCount(); row++) {
            s.append("<tr>");
            for (Column<?> c : table.columns()) {
                boolean numeric = c.type() != ColumnType.STRING && c.type() != ColumnType.TEXT;
                s.append(numeric ? "<td style=\"text-align:right\">" : "<td>").append(escape(format(c, row))).append("</td>");
            }
            s.append("</tr>\n");
        }
        return s.append("</tbody>\n</table>\n").toString();
    }

    /**
     * A narrow table for the article's text column: only the named columns, in the given order, under short headers, with
     * doubles to {@code digits} significant digits (accuracy-like columns, recognised by their original name, as
     * percentages with {@code digits - 2} decimals, at least one).
     *
     * @param table           any table
     * @param digits          significant digits of plain doubles, 1 or more
     * @param namesAndHeaders pairs: a column name of {@code table}, then its header
     * @return the HTML table
     * @throws IllegalArgumentException for an odd number of names and headers, a missing column or digits below 1
     */
    public static String compact(Table table, int digits, String... namesAndHeaders) {
        if (namesAndHeaders.length % 2 != 0 || digits < 1) {
            throw new IllegalArgumentException("compact table needs digits >= 1 and (column, header) pairs; got digits "
                    + digits + " and " + namesAndHeaders.length + " names");
        }
        StringBuilder s = new StringBuilder("<table class=\"mnist-table\">\n<thead><tr>");
        java.util.List<Column<?>> columns = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndHeaders.length; i += 2) {
            if (!table.columnNames().contains(namesAndHeaders[i])) {
                throw new IllegalArgumentException("table '" + table.name() + "' has no column '" + namesAndHeaders[i]
                        + "'; columns: " + table.columnNames());
            }
            columns.add(table.column(namesAndHeaders[i]));
            s.append("<th>").append(escape(namesAndHeaders[i + 1])).append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        for (int row = 0; row < table.rowCount(); row++) {
            s.append("<tr>");
            for (Column<?> c : columns) {
                boolean numeric = c.type() != ColumnType.STRING && c.type() != ColumnType.TEXT;
                String text;
                if (!c.isMissing(row) && c.get(row) instanceof Double d) {
                    boolean percent = PERCENT_HINTS.stream().anyMatch(h -> c.name().contains(h));
                    text = percent ? String.format(Locale.ROOT, "%." + Math.max(1, digits - 2) + "f", 100 * d)
                            : significant(d, digits);
                } else {
                    text = format(c, row);
                }
                s.append(numeric ? "<td style=\"text-align:right\">" : "<td>").append(escape(text)).append("</td>");
            }
            s.append("</tr>\n");
        }
        return s.append("</tbody>\n</table>\n").toString();
    }

    private static String format(Column<?> c, int row) {
        if (c.isMissing(row)) {
            return "—";
        }
        Object v = c.get(row);
        if (v instanceof Double d) {
            boolean percent = PERCENT_HINTS.stream().anyMatch(h -> c.name().contains(h));
            return percent ? String.format(Locale.ROOT, "%.2f %%", 100 * d) : significant(d);
        }
        if (v instanceof Integer || v instanceof Long) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return String.valueOf(v);
    }

    /** @return {@code d} rounded to 4 significant digits, in plain notation without trailing zeros */
    static String significant(double d) {
        return significant(d, 4);
    }

    /** @return {@code d} rounded to {@code digits} significant digits, in plain notation without trailing zeros */
    static String significant(double d, int digits) {
        if (!Double.isFinite(d)) {
            return String.valueOf(d);
        }
        String text = new java.math.BigDecimal(d).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
