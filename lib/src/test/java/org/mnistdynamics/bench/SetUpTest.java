package org.mnistdynamics.bench;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.mnistdynamics.util.Json;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SetUpTest {

    @Test
    void stockIsNamedStockAndIsDl4jOutOfTheBoxWith5x5Kernels() {
        assertEquals("stock", SetUp.STOCK.name());
        assertEquals(5, SetUp.STOCK.kernelSize());
        assertEquals(CNN2DFormat.NCHW, SetUp.STOCK.layout());
        assertFalse(SetUp.STOCK.helpers());
        assertEquals(Runtime.getRuntime().availableProcessors(), SetUp.STOCK.threads());
        SetUp other = SetUp.STOCK.withBuild("-onednn", true).withShape(3, CNN2DFormat.NCHW);
        assertEquals("onednn+helpers k3 NCHW ws-enabled cache-none gather " + SetUp.STOCK.threads() + "t", other.name());
        assertEquals("plain k3 NCHW ws-enabled cache-none gather 1t x2",
                SetUp.STOCK.withShape(3, CNN2DFormat.NCHW).withParallelism(1, 2).name());
    }

    @Test
    void travelsToTheChildAsJson() throws Exception {
        SetUp s = SetUp.STOCK.withBuild("-avx512", false).withModes(WorkspaceMode.NONE, CacheMode.HOST)
                .withPipeline(SetUp.Pipeline.ASYNC);
        assertEquals(s, Json.JSON.readValue(Json.canonical(s), SetUp.class));
        SetUp pinned = s.withPinned(true);
        assertEquals(pinned, Json.JSON.readValue(Json.canonical(pinned), SetUp.class));
        String older = Json.canonical(s).replace(",\"pinned\":false", "").replace("\"pinned\":false,", "");
        assertFalse(older.contains("pinned"), older);
        assertEquals(s, Json.JSON.readValue(older, SetUp.class), "records written before the field existed read as unpinned");
    }

    @Test
    void pinnedThreadsAreNamedAndNeedOneProcess() {
        SetUp s = SetUp.STOCK.withBuild("-onednn", true).withShape(3, CNN2DFormat.NCHW).withPinned(true);
        assertTrue(s.name().endsWith("t pinned"), s.name());
        assertEquals("true", SetUp.PINNED_ENVIRONMENT.get("OMP_PROC_BIND"));
        var e = assertThrows(IllegalArgumentException.class, () -> s.withParallelism(1, 2));
        assertTrue(e.getMessage().contains("one process"), e.getMessage());
    }

    @Test
    void badValuesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SetUp.STOCK.withBuild("-avx1024", false));
        assertTrue(e.getMessage().contains("-avx1024") && e.getMessage().contains("-onednn-avx512"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SetUp.STOCK.withShape(7, CNN2DFormat.NCHW));
        assertTrue(e.getMessage().contains("kernelSize = 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SetUp.STOCK.withParallelism(1, 3));
        assertTrue(e.getMessage().contains("processes = 3"), e.getMessage());
    }

    @Test
    void projectDefaultUsesOneDnnWithHelpersOnModernCpusAndStockOtherwise() {
        SetUp modern = BenchSession.projectDefault(Set.of("sse4_1", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq"));
        assertEquals("-onednn", modern.classifier());
        assertTrue(modern.helpers());
        assertEquals(3, modern.kernelSize());
        assertTrue(modern.pinned(), "bin/mnist-dynamics pins the threads of a process that uses all cores");
        SetUp old = BenchSession.projectDefault(Set.of("sse2"));
        assertEquals("stock", old.classifier());
        assertFalse(old.helpers(), "without oneDNN the helpers' ops are not faster and leave off-heap garbage");
    }
}
