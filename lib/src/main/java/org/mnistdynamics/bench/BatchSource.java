package org.mnistdynamics.bench;

import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.mnistdynamics.data.Split;
import org.mnistdynamics.train.InputLayout;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An endless stream of training mini-batches over a split, reshuffled every pass, in one of the benchmark's
 * {@link SetUp.Pipeline} variants. Features {@code [B, 1, 28, 28]} (NCHW) or {@code [B, 28, 28, 1]} (NHWC), labels
 * one-hot {@code [B, 10]}, float32.
 */
abstract class BatchSource implements AutoCloseable {

    /** @return the next mini-batch */
    abstract DataSet next();

    @Override
    public void close() {
    }

    /**
     * @param pipeline  variant
     * @param split     training images (all are used, in passes)
     * @param layout    network input layout
     * @param batchSize images per mini-batch; {@code split.size()} must be a multiple of it
     * @param batches   mini-batches that will be requested (PREBUILT builds this many)
     * @param seed      shuffling seed
     * @return the source
     */
    static BatchSource of(SetUp.Pipeline pipeline, Split split, InputLayout layout, int batchSize, int batches, long seed) {
        Gather gather = new Gather(split, layout, batchSize, seed);
        return switch (pipeline) {
            case GATHER -> gather;
            case PREBUILT -> new Prebuilt(gather, batches);
            case ASYNC -> new Async(gather);
        };
    }

    /** The Trainer's way: gather the images of each shuffled mini-batch into fresh arrays. */
    static final class Gather extends BatchSource {
        private final Split split;
        private final InputLayout layout;
        private final int batchSize;
        private final Random random;
        private int[] order;
        private int position;

        Gather(Split split, InputLayout layout, int batchSize, long seed) {
            if (split.size() % batchSize != 0) {
                throw new IllegalArgumentException(split.size() + " images are not a whole number of mini-batches of " + batchSize);
            }
            this.split = split;
            this.layout = layout;
            this.batchSize = batchSize;
            this.random = new Random(seed);
            this.order = split.naturalOrder();
            this.position = split.size();
        }

        @Override
        DataSet next() {
            if (position >= split.size()) {
                shuffle();
                position = 0;
            }
            DataSet ds = new DataSet(layout.features(split, order, position, batchSize),
                    split.oneHotLabels(order, position, batchSize));
            position += batchSize;
            return ds;
        }

        private void shuffle() {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }

        int batchSize() {
            return batchSize;
        }

        int totalOutcomes() {
            return Split.NUM_CLASSES;
        }
    }

    /** All mini-batches built before timing starts; the timed loop only trains. */
    static final class Prebuilt extends BatchSource {
        private final List<DataSet> batches = new ArrayList<>();
        private int next;

        Prebuilt(Gather gather, int count) {
            for (int i = 0; i < count; i++) {
                batches.add(gather.next());
            }
        }

        @Override
        DataSet next() {
            return batches.get(next++ % batches.size());
        }
    }

    /** GATHER on a background thread through DL4J's {@link AsyncDataSetIterator} (queue of 4 mini-batches). */
    static final class Async extends BatchSource {
        private final AsyncDataSetIterator iterator;

        Async(Gather gather) {
            this.iterator = new AsyncDataSetIterator(new EndlessIterator(gather), 4, true);
        }

        @Override
        DataSet next() {
            if (!iterator.hasNext()) { // AsyncDataSetIterator takes the next element from its queue in hasNext()
                throw new IllegalStateException("the prefetching iterator ran dry");
            }
            return iterator.next();
        }

        @Override
        public void close() {
            iterator.shutdown();
        }
    }

    /** Adapts {@link Gather} to DL4J's iterator interface; never runs out. */
    private static final class EndlessIterator implements DataSetIterator {
        private final Gather gather;
        private DataSetPreProcessor preProcessor;

        EndlessIterator(Gather gather) {
            this.gather = gather;
        }

        @Override
        public DataSet next(int num) {
            return next();
        }

        @Override
        public int inputColumns() {
            return Split.IMAGE_PIXELS;
        }

        @Override
        public int totalOutcomes() {
            return gather.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return false;
        }

        @Override
        public boolean asyncSupported() {
            return true;
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("endless iterator");
        }

        @Override
        public int batch() {
            return gather.batchSize();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            this.preProcessor = preProcessor;
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return preProcessor;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public DataSet next() {
            DataSet ds = gather.next();
            if (preProcessor != null) {
                preProcessor.preProcess(ds);
            }
            return ds;
        }
    }
}
