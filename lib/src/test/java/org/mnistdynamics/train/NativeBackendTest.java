package org.mnistdynamics.train;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NativeBackendTest {

    private static final Set<String> AVX512 = Set.of("sse4_1", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq");

    @Test
    void buildsOfferedFollowTheCpuFlags() {
        assertEquals(List.of("stock", "-avx2", "-avx512", "-onednn", "-onednn-avx2", "-onednn-avx512"),
                NativeBackend.supportedVariants(AVX512));
        assertEquals(List.of("stock", "-avx2", "-onednn", "-onednn-avx2"),
                NativeBackend.supportedVariants(Set.of("sse4_1", "avx2", "fma")));
        // AVX-512 without the BW/VL/DQ subsets (Xeon Phi) cannot run the -avx512 builds
        assertEquals(List.of("stock", "-onednn"), NativeBackend.supportedVariants(Set.of("sse4_1", "avx512f")));
    }

    @Test
    void bestIsTheGenericOneDnnBuildWhereOneDnnHasOptimisedKernels() {
        assertEquals("-onednn", NativeBackend.bestFor(AVX512));
        assertEquals("-onednn", NativeBackend.bestFor(Set.of("sse4_1", "avx2", "fma")));
        assertEquals("stock", NativeBackend.bestFor(Set.of("sse2")));
        assertEquals("stock", NativeBackend.bestFor(Set.of()));
    }
}
