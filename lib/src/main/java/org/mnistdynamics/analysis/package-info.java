/**
 * Analysis of trained networks, as pure computation on arrays, ND4J arrays and DL4J networks: weight statistics
 * and shared-bin histograms per layer and epoch ({@link org.mnistdynamics.analysis.WeightStatistics},
 * {@link org.mnistdynamics.analysis.SharedBins}, {@link org.mnistdynamics.analysis.NetworkParameters}),
 * activations, filters, feature maps and dead ReLU units ({@link org.mnistdynamics.analysis.Activations}),
 * t-SNE/UMAP embeddings ({@link org.mnistdynamics.analysis.Embeddings}) and class separation
 * ({@link org.mnistdynamics.analysis.Separation}). Nothing here reads runs or checkpoints; callers pass the data in.
 */
package org.mnistdynamics.analysis;
