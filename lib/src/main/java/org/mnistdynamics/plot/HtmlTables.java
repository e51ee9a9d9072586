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
        if (!Double.isFinite(d)) {
            return String.valueOf(d);
        }
        String text = new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
