package org.mnistdynamics.experiment;

import org.junit.jupiter.api.Test;
import org.mnistdynamics.analysis.LayerAnalysis;
import org.mnistdynamics.testing.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The article's layer numbers without any layer analysis (no seed has checkpoints yet): every key the article uses
 * exists and reads "not measured yet", and every layer claim it cites has a key, so a missing run never breaks the
 * build and never shows a made-up number.
 */
class LayerVariablesTest {

    @Test
    void everyLayerKeyOfTheArticleExistsAndReadsNotMeasuredWithoutRuns() throws IOException {
        Map<String, Object> layers = PaperVariables.layerVariables(java.util.List.of(), LayerAnalysis.Sizes.PAPER);
        assertEquals("2,000", layers.get("probe_train_images"));
        assertEquals("10,000", layers.get("reinit_images"));
        assertEquals("0.90", layers.get("cka_threshold"));
        assertEquals(PaperVariables.NOT_MEASURED, layers.get("seeds"));
        String article = Files.readString(TestData.projectRoot().resolve("article.qmd"));
        Matcher m = Pattern.compile("\\{\\{< var layers\\.([a-z0-9_.]+) >}}").matcher(article);
        int seen = 0;
        while (m.find()) {
            Object v = layers;
            for (String part : m.group(1).split("\\.")) {
                assertTrue(v instanceof Map<?, ?>, "layers." + m.group(1));
                v = ((Map<?, ?>) v).get(part);
            }
            assertNotNull(v, "article uses layers." + m.group(1) + " but PaperVariables has no such key");
            if (m.group(1).startsWith("probe.") || m.group(1).startsWith("cka_epoch") || m.group(1).startsWith("reinit.")
                    || m.group(1).startsWith("spectra.") || m.group(1).startsWith("cross_seed")) {
                assertEquals(PaperVariables.NOT_MEASURED, v, "layers." + m.group(1));
            }
            seen++;
        }
        assertTrue(seen >= 30, "the article cites " + seen + " layer numbers");
        Matcher c = Pattern.compile("\\{\\{< var claims\\.([a-z0-9_]+)\\.").matcher(article);
        while (c.find()) {
            assertTrue(Claims.keys("mnist").contains(c.group(1)) || LayerClaims.KEYS.contains(c.group(1)),
                    "claim " + c.group(1) + " has no key, so a missing run would leave it undefined");
        }
    }
}
