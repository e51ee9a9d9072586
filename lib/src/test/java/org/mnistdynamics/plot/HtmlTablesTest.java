package org.mnistdynamics.plot;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.*;

class HtmlTablesTest {

    @Test
    void formatsAccuraciesAsPercentAndMissingAsDash() {
        IntColumn epochs = IntColumn.create("epochs_to_99", new int[]{3});
        epochs.appendMissing();
        Table t = Table.create("t", StringColumn.create("run", "Adam", "SGD <plain>"),
                DoubleColumn.create("test_accuracy", 0.99123, 0.975), DoubleColumn.create("test_loss", 0.031234, 0.08), epochs);
        String html = HtmlTables.html(t);
        assertTrue(html.contains("<th>test accuracy</th>"), html);
        assertTrue(html.contains(">99.12 %<"), html);
        assertTrue(html.contains(">97.50 %<"), html);
        assertTrue(html.contains(">0.03123<"), html);
        assertTrue(html.contains(">—<"), html);
        assertTrue(html.contains("SGD &lt;plain&gt;"), html);
        assertEquals(3, html.split("<tr>").length - 1); // header + 2 rows
    }

    @Test
    void otherNumbersKeepFourSignificantDigitsAndIntegersGetSeparators() {
        assertEquals("0.5", HtmlTables.significant(0.5));
        assertEquals("1", HtmlTables.significant(1.0));
        assertEquals("13.2", HtmlTables.significant(13.2011552));
        assertEquals("0.0006951", HtmlTables.significant(0.00069512));
        assertEquals("29.13", HtmlTables.significant(29.1317));
        assertEquals("96", HtmlTables.significant(96.0));
        assertEquals("-0.2707", HtmlTables.significant(-0.27069));
        assertEquals("0", HtmlTables.significant(-1e-30 * 0));
        assertEquals("NaN", HtmlTables.significant(Double.NaN));
        Table t = Table.create("t", IntColumn.create("parameters", new int[]{421_642}));
        assertTrue(HtmlTables.html(t).contains(">421,642<"));
    }

    @Test
    void compactTablesKeepTheNamedColumnsUnderShortHeaders() {
        Table t = Table.create("t", tech.tablesaw.api.StringColumn.create("run_id", new String[]{"adam-1"}),
                tech.tablesaw.api.DoubleColumn.create("excess_kurtosis", new double[]{1.61493}),
                tech.tablesaw.api.DoubleColumn.create("knn_accuracy", new double[]{0.98725}));
        String html = HtmlTables.compact(t, 3, "excess_kurtosis", "kurt.", "knn_accuracy", "k-NN (%)");
        assertTrue(html.contains("<th>kurt.</th><th>k-NN (%)</th></tr>"), html);
        assertTrue(html.contains(">1.61</td>"), html);   // 3 significant digits
        assertTrue(html.contains(">98.7</td>"), html);   // percent with 3 - 2 = 1 decimal
        assertFalse(html.contains("adam-1"), html);
        assertThrows(IllegalArgumentException.class, () -> HtmlTables.compact(t, 3, "heap", "h"));
        assertThrows(IllegalArgumentException.class, () -> HtmlTables.compact(t, 3, "knn_accuracy"));
    }
}
