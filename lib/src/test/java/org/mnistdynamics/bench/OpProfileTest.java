package org.mnistdynamics.bench;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Parsing of oneDNN's verbose lines and of the PyTorch peer's profile into the op table. */
class OpProfileTest {

    @TempDir
    Path dir;

    @Test
    void oneDnnLinesInTheWindowAreAttributedToLayers() {
        List<String> lines = List.of(
                "dnnl_verbose,info,oneDNN v2.3.0",
                "dnnl_verbose,1000.5,exec,cpu,reorder,jit:uni,undef,src_f32::blocked:abcd:f0 dst_f32::blocked:acdb:f0,,,128x32x28x28,0.5",
                "dnnl_verbose,1001.0,exec,cpu,convolution,brgconv:avx512_core,forward_training,src dst,,alg:convolution_direct,mb128_ic1oc32_ih28oh28kh3sh1dh0ph1_iw28ow28kw3sw1dw0pw1,2.0",
                "dnnl_verbose,1002.0,exec,cpu,convolution,jit:avx512_common,backward_weights,src dst,,alg:convolution_direct,mb128_ic32oc64_ih14oh14kh3sh1dh0ph1_iw14ow14kw3sw1dw0pw1,3.0",
                "dnnl_verbose,1003.0,exec,cpu,pooling_v2,jit:avx512_core,forward_training,src dst,,alg:pooling_max,mb128ic64_ih14oh7kh2sh2dh0ph0_iw14ow7kw2sw2dw0pw0,1.0",
                "dnnl_verbose,5000.0,exec,cpu,convolution,brgconv:avx512_core,forward_training,src dst,,alg:convolution_direct,mb128_ic1oc32_ih28oh28kh3sh1dh0ph1_iw28ow28kw3sw1dw0pw1,99.0");
        Map<List<String>, double[]> t = OpProfile.onednn(lines, 1000, 4000, 2);
        assertEquals(4, t.size(), t.keySet().toString());
        assertArrayEquals(new double[]{0.5, 1.0}, t.get(List.of("convolution forward_training (brgconv:avx512_core)", "conv1")), 1e-9,
                "outside the window is not counted; per step over 2 steps");
        assertArrayEquals(new double[]{0.5, 0.25}, t.get(List.of("reorder (jit:uni)", "conv1")), 1e-9);
        assertNotNull(t.get(List.of("convolution backward_weights (jit:avx512_common)", "conv2")));
        assertNotNull(t.get(List.of("pooling_v2 forward_training (jit:avx512_core)", "pool2")));
    }

    @Test
    void javaRowsIncludeTheTimeOutsideOps() {
        SetUp s = SetUp.STOCK.withBuild("-onednn", true).withShape(3, CNN2DFormat.NCHW);
        OpProfile.JavaSteps steps = new OpProfile.JavaSteps(s, 50, 60, 10,
                List.of(new LayerTimer.LayerTime("conv1", 5, 10)),
                Map.of("CustomOp", new double[]{100, 400}, "name: conv2d", new double[]{20, Double.NaN}), 0, 1);
        List<OpProfile.Row> rows = OpProfile.javaRows(steps, List.of());
        OpProfile.Row outside = rows.stream().filter(r -> r.phase().equals("outside ops")).findFirst().orElseThrow();
        assertEquals(20, outside.msPerStep(), 1e-9); // 60 - 400 / 10
        assertTrue(rows.stream().anyMatch(r -> r.op().equals("name: conv2d") && r.callsPerStep() == 2));
    }

    @Test
    void readsThePeersProfile() throws Exception {
        Path json = dir.resolve("p.json");
        Files.writeString(json, "[{\"phase\": \"backward\", \"layer\": \"conv2\", \"op\": \"aten::convolution_backward\", "
                + "\"calls\": 1.0, \"self_ms\": 4.5}, {\"phase\": \"step\", \"layer\": \"-\", \"op\": \"wall time per step (profiled)\", "
                + "\"calls\": 1, \"self_ms\": 30.0}]");
        List<OpProfile.Row> rows = OpProfile.readPeer(new PeerSetUp("eager", 2), json);
        assertEquals("torch", rows.get(0).source());
        assertEquals("step", rows.get(1).source());
        Path csv = dir.resolve("ops.csv");
        OpProfile.writeCsv(rows, csv);
        assertTrue(Files.readString(csv).startsWith("side,configuration,source,phase,layer,op,calls_per_step,ms_per_step"));
    }
}
