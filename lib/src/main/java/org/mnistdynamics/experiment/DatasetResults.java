package org.mnistdynamics.experiment;

import org.mnistdynamics.analysis.Embedding;
import org.mnistdynamics.analysis.RunAnalysis;
import org.mnistdynamics.data.DatasetSplits;

import java.io.IOException;
import java.util.Optional;

/**
 * The paper's results on one dataset: both plans (optimizers, architecture) and, when its checkpoints are at hand, the
 * analysis of the Adam baseline. Built by {@link Paper#results(String)}.
 *
 * @param data         the dataset's verified splits
 * @param optimizers   the optimizers plan on it
 * @param architecture the architecture plan on it
 * @param analysis     the Adam baseline's analysis (the plan's first seed), if its checkpoints exist
 */
public record DatasetResults(DatasetSplits data, PlanResult optimizers, PlanResult architecture,
                             Optional<RunAnalysis> analysis) {

    /**
     * @throws IllegalArgumentException if the plans or the analysed run belong to another dataset than {@code data}, so
     *                                  that a Fashion-MNIST run is never reported as an MNIST one
     */
    public DatasetResults {
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
