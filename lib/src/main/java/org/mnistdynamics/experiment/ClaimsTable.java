package org.mnistdynamics.experiment;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/** The Discussion's claims as a table: one row per claim with its paired difference, 95 % interval and verdict. */
public final class ClaimsTable {

    private ClaimsTable() {
    }

    /**
     * @param claims checked claims
     * @return columns claim, statement, n, mean_difference, half_width, lower, upper (in the claim's unit), unit,
     *         seeds, differences (per seed, ";"-separated), verdict
     */
    public static Table of(List<Claims.Claim> claims) {
        Table t = Table.create("claims", StringColumn.create("claim"), StringColumn.create("statement"), IntColumn.create("n"),
                DoubleColumn.create("mean_difference"), DoubleColumn.create("half_width"), DoubleColumn.create("lower"),
                DoubleColumn.create("upper"), StringColumn.create("unit"), StringColumn.create("seeds"),
                StringColumn.create("differences"), StringColumn.create("verdict"));
        for (Claims.Claim c : claims) {
            var s = c.difference().summary();
            t.stringColumn("claim").append(c.key());
            t.stringColumn("statement").append(c.statement());
            t.intColumn("n").append(s.n());
            t.doubleColumn("mean_difference").append(s.mean() * c.scale());
            append(t.doubleColumn("half_width"), s.halfWidth() * c.scale());
            append(t.doubleColumn("lower"), s.lower() * c.scale());
            append(t.doubleColumn("upper"), s.upper() * c.scale());
            t.stringColumn("unit").append(c.unit());
            t.stringColumn("seeds").append(String.join(";", c.difference().seeds().stream().map(String::valueOf).toList()));
            t.stringColumn("differences").append(String.join(";", c.difference().differences().stream()
                    .map(d -> String.valueOf(d * c.scale())).toList()));
            t.stringColumn("verdict").append(c.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        return t;
    }

    private static void append(DoubleColumn c, double v) {
        if (Double.isNaN(v)) {
            c.appendMissing();
        } else {
            c.append(v);
        }
    }
}
