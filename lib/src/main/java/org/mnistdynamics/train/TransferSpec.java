package org.mnistdynamics.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.mnistdynamics.model.CnnSpec;

/**
 * How a transfer run starts (Yosinski, Clune, Bengio &amp; Lipson 2014, "How transferable are features in deep neural
 * networks?", NeurIPS): the network's layers up to a cut are copied from a trained base network, the layers above the
 * cut are freshly initialised from the transfer run's own seed, and the copied layers are either frozen (their
 * learning rate is 0, so their weights stay exactly as copied) or fine-tuned with the rest.
 *
 * <p>Cuts count the paper's blocks: cut {@code n <= depth} copies the first {@code n} convolution blocks (conv and
 * pooling layers), cut {@code depth + 1} also copies the dense layer. The softmax layer is never copied.
 *
 * @param base   the base network's full configuration (trained to its last epoch, whose weights are copied); same
 *               dataset and architecture as the transfer run, and not itself a transfer run
 * @param cut    1 .. depth + 1, see above
 * @param frozen true: copied layers are not trained ("AnB", "BnB" in Yosinski's notation); false: fine-tuned
 *               ("AnB+", "BnB+")
 */
public record TransferSpec(@JsonProperty("base") RunConfig base, @JsonProperty("cut") int cut,
                           @JsonProperty("frozen") boolean frozen) {

    /**
     * @throws IllegalArgumentException if the base is missing or is itself a transfer run, or {@code cut < 1}
     */
    @JsonCreator
    public TransferSpec {
        if (base == null) {
            throw new IllegalArgumentException("transfer: base is missing");
        }
        if (base.transfer() != null) {
            throw new IllegalArgumentException("transfer: base " + base.runId() + " is itself a transfer run; "
                    + "a base must be trained from scratch");
        }
        if (cut < 1) {
            throw new IllegalArgumentException("transfer: cut = " + cut + " is below 1 (cut n copies the first n blocks)");
        }
    }

    /**
     * @param model the transfer run's (and the base's) architecture
     * @return the number of leading DL4J layers copied: {@code 2 cut} for a cut within the convolution blocks (conv and
     *         pooling per block), {@code 2 depth + 1} for the cut after the dense layer
     * @throws IllegalArgumentException if the cut is beyond {@code depth + 1}
     */
    public int copiedLayers(CnnSpec model) {
        if (cut > model.depth() + 1) {
            throw new IllegalArgumentException("transfer: cut = " + cut + " is outside 1.." + (model.depth() + 1)
                    + " for a network of " + model.depth() + " blocks (the last cut is after the dense layer)");
        }
        return cut <= model.depth() ? 2 * cut : 2 * model.depth() + 1;
    }

    /**
     * @param model the architecture
     * @return "block n" or "dense", where the cut lies (after that layer)
     */
    public String cutName(CnnSpec model) {
        copiedLayers(model);
        return cut <= model.depth() ? "block" + cut : "dense";
    }
}
