package org.mnistdynamics.bench;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.model.CnnSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand count of FLOPs, checked against sums worked out on paper for three networks. */
class FlopCountTest {

    @Test
    void baselineWith3x3Kernels() {
        // conv1 2*9*1*32*28*28 = 451,584; conv2 2*9*32*64*14*14 = 7,225,344; dense 2*3136*128 = 802,816;
        // output 2*128*10 = 2,560: forward 8,482,304, training 3x = 25,446,912 (~25 MFLOP, as measured earlier).
        assertEquals(8_482_304, FlopCount.forwardPerImage(CnnSpec.BASELINE), 0.5);
        assertEquals(25_446_912, FlopCount.trainingPerImage(CnnSpec.BASELINE), 0.5);
    }

    @Test
    void baselineWith5x5Kernels() {
        // conv1 2*25*32*784 = 1,254,400; conv2 2*25*32*64*196 = 20,070,400; dense and output as above:
        // forward 22,130,176, training 66,390,528 (~66 MFLOP).
        assertEquals(66_390_528, FlopCount.trainingPerImage(CnnSpec.BASELINE.withKernelSize(5)), 0.5);
    }

    @Test
    void threeBlocksPoolDownTo3x3() {
        // conv3 at 7x7: 2*9*64*128*49 = 7,225,344; 'valid' pooling 7 -> 3, so dense sees 3*3*128 = 1,152 inputs:
        // 2*1152*128 = 294,912. Total 451,584 + 7,225,344 + 7,225,344 + 294,912 + 2,560 = 15,199,744.
        assertEquals(15_199_744, FlopCount.forwardPerImage(new CnnSpec(3, 1.0, 3, 0.5)), 0.5);
    }

    @Test
    void gemmOfTwo2048Matrices() {
        assertEquals(17_179_869_184.0, FlopCount.gemm(2048), 0.5);
    }
}
