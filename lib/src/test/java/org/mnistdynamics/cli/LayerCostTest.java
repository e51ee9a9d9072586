package org.mnistdynamics.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code layers} keeps the cost measured when a table was computed: a later run that reads the table from its cache
 * must not replace that row with the milliseconds of reading it back.
 */
class LayerCostTest {

    @Test
    void onlyRowsOfComputedTablesAreKeptAsMeasurements(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("layer-cost.csv");
        Files.writeString(file, """
                run_id,seed,epochs,analysis,seconds,cpu_seconds,cached
                adam-a,42,20,probes,583.2,537.9,no
                adam-a,42,20,cka,0.01,0.02,yes
                adam-b,43,20,probes,285.0,538.1,no
                """);
        var measured = LayersCommand.measuredCosts(file);
        assertEquals(2, measured.size());
        assertEquals(583.2, measured.get("adam-a/probes").getDouble("seconds"), 0.0);
        assertEquals(538.1, measured.get("adam-b/probes").getDouble("cpu_seconds"), 0.0);
        assertFalse(measured.containsKey("adam-a/cka"), "a cached read is no measurement");
        assertTrue(LayersCommand.measuredCosts(dir.resolve("absent.csv")).isEmpty());
        Files.writeString(file, "run_id,seed\nadam-a,not-a-number\n");
        IOException e = assertThrows(IOException.class, () -> LayersCommand.measuredCosts(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
