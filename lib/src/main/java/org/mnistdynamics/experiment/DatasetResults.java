package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.Embedding;
import org.mnistdynamics.analysis.LayerAnalysis;
import org.mnistdynamics.analysis.RunAnalysis;
import org.mnistdynamics.data.DatasetSplits;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The paper's results on one dataset: both plans (optimizers, architecture) and, when their checkpoints are at hand,
 * the analysis of the Adam baseline and its layer analyses. Built by {@link Paper#results(String)}.
 *
 * @param data         the dataset's verified splits
 * @param optimizers   the optimizers plan on it
 * @param architecture the architecture plan on it
 * @param analysis     the Adam baseline's analysis (the plan's first seed), if its checkpoints exist
 * @param layers       the Adam baseline's layer analyses, one per seed whose checkpoints exist (possibly none)
 */
public record DatasetResults(DatasetSplits data, PlanResult optimizers, PlanResult architecture,
                             Optional<RunAnalysis> analysis, List<LayerAnalysis> layers) {

    /**
     * @throws IllegalArgumentException if the plans, the analysed run or a layer-analysed run belong to another dataset
     *                                  than {@code data}, so that a Fashion-MNIST run is never reported as an MNIST one
     */
    public DatasetResults {
        layers = List.copyOf(layers);
        String name = data.spec().name();
        for (PlanResult plan : new PlanResult[]{optimizers, architecture}) {
            if (!plan.plan().dataset().equals(name)) {
                throw new IllegalArgumentException("plan " + plan.plan().name() + " ran on " + plan.plan().dataset()
                        + ", not on " + name);
            }
        }
        analysis.ifPresent(a -> {
            if (!a.run().config().dataset().equals(name)) {
                throw new IllegalArgumentException("analysed run " + a.run().config().runId() + " was trained on "
                        + a.run().config().dataset() + ", not on " + name);
            }
        });
        for (LayerAnalysis l : layers) {
            if (!l.run().config().dataset().equals(name)) {
                throw new IllegalArgumentException("layer-analysed run " + l.run().config().runId() + " was trained on "
                        + l.run().config().dataset() + ", not on " + name);
            }
        }
    }

    /** Results without layer analyses (no seed has its checkpoints at hand). */
    public DatasetResults(DatasetSplits data, PlanResult optimizers, PlanResult architecture, Optional<RunAnalysis> analysis) {
        this(data, optimizers, architecture, analysis, List.of());
    }

    /** @return the registered dataset name, e.g. {@code fashion-mnist} */
    public String name() {
        return data.spec().name();
    }

    /** @return the name as the article writes it, e.g. "Fashion-MNIST" */
    public String displayName() {
        return data.spec().displayName();
    }

    /** @return the name in a table header, where width counts: "MNIST", "Fashion" */
    public String shortName() {
        return name().equals("fashion-mnist") ? "Fashion" : displayName();
    }

    /** @return the dataset's stated accuracy thresholds */
    public AccuracyThresholds thresholds() {
        return AccuracyThresholds.of(name());
    }

    /** @return true if at least one run of either plan has finished */
    public boolean hasRuns() {
        return optimizers.runs().stream().anyMatch(o -> o.result().isPresent())
                || architecture.runs().stream().anyMatch(o -> o.result().isPresent());
    }

    /**
     * @return the linear-probe table of the layer-analysed seeds ({@link LayerClaims#probes}), or a table without rows
     *         when no seed has its checkpoints at hand
     * @throws IOException if an analysis cannot be read or computed
     */
    public Table probes() throws IOException {
        return layers.isEmpty() ? Table.create("probes") : LayerClaims.probes(layers);
    }

    /** @return e.g. "3 seeds (42, 43, 44)", "1 seed (42)", or "no seed with checkpoints" */
    public String layerSeeds() {
        if (layers.isEmpty()) {
            return "no seed with checkpoints";
        }
        List<String> seeds = layers.stream().map(l -> String.valueOf(l.run().config().seed())).toList();
        return seeds.size() + (seeds.size() == 1 ? " seed (" : " seeds (") + String.join(", ", seeds) + ")";
    }

    /**
     * @param method {@code tsne} or {@code umap}
     * @return the analysed run's embedding of the penultimate layer after its final epoch, if the run was analysed
     * @throws IOException if the analysis cannot be read or computed
     */
    public Optional<Embedding> finalEmbedding(String method) throws IOException {
        if (analysis.isEmpty()) {
            return Optional.empty();
        }
        RunAnalysis a = analysis.get();
        return Optional.of(a.embedding(a.run().config().epochs(), method));
    }
}
