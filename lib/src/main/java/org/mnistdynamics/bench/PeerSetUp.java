package org.mnistdynamics.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.CNN2DFormat;

import java.util.List;
import java.util.Locale;

/**
 * A run of the benchmark's PyTorch peer ({@code scripts/bench/pytorch_peer.py}, see {@link PytorchPeer}): the
 * identical baseline network (3x3 kernels) and training step in PyTorch on the CPU.
 *
 * @param variant {@code eager} (NCHW tensors) or {@code channels-last} (model and inputs in
 *                {@code torch.channels_last}, i.e. NHWC in memory)
 * @param threads torch intra-op threads and {@code OMP_NUM_THREADS}, 1 to 64
 * @param pinned  with {@link SetUp#PINNED_ENVIRONMENT} (as a pinned Java set-up), else without those variables
 */
public record PeerSetUp(@JsonProperty("variant") String variant, @JsonProperty("threads") int threads,
                        @JsonProperty("pinned") boolean pinned) {

    /** An unpinned peer set-up. */
    public PeerSetUp(String variant, int threads) {
        this(variant, threads, false);
    }

    /** The variants the peer script knows. */
    public static final List<String> VARIANTS = List.of("eager", "channels-last");

    /**
     * @throws IllegalArgumentException naming the field and the allowed values
     */
    public PeerSetUp {
        if (!VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("variant '" + variant + "' is not one of " + VARIANTS);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads = " + threads + " is outside 1..64");
        }
    }

    /** @return the row name, e.g. {@code pytorch eager 2t} or {@code pytorch channels-last 2t pinned} */
    @JsonIgnore
    public String name() {
        return String.format(Locale.ROOT, "pytorch %s %dt%s", variant, threads, pinned ? " pinned" : "");
    }

    /** @return the memory layout of the activations: NCHW for eager, NHWC for channels-last */
    @JsonIgnore
    public CNN2DFormat layout() {
        return variant.equals("channels-last") ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
    }
}
