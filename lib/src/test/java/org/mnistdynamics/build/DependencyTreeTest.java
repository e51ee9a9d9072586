package org.mnistdynamics.build;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.mnistdynamics.train.NativeBackend;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The resolved dependency tree (Surefire's test classpath is exactly it) holds one JavaCPP line for every native
 * preset and only Linux x86-64 natives (issue 14, point 6; README "Dependencies").
 *
 * <p>Before the dependency diet the tree held javacpp 1.5.7 (ND4J) beside 1.5.10 natives of javacpp, OpenBLAS and
 * ARPACK-NG (Smile), macOS and Windows natives, and JavaCPP printed "Versions of org.bytedeco:javacpp:1.5.7 and
 * org.bytedeco:arpack-ng:3.9.1-1.5.10 do not match" whenever Smile loaded ARPACK.
 */
class DependencyTreeTest {

    /** A Maven repository jar of group org.bytedeco: artifact, version, optional classifier. */
    private static final Pattern BYTEDECO = Pattern.compile(
            ".*/org/bytedeco/([^/]+)/([^/]+)/\\1-\\2(?:-([^/]+))?\\.jar$");
    /** An nd4j-native jar with its classifier. */
    private static final Pattern ND4J_NATIVE = Pattern.compile(
            ".*/nd4j-native/([^/]+)/nd4j-native-\\1-(linux|macosx|windows|android|ios)-([^/]+)\\.jar$");

    @Test
    void everyBytedecoArtifactIsOfOneJavacppLineAndLinuxX8664() {
        Map<String, String> versions = new TreeMap<>();
        List<String> foreign = new ArrayList<>();
        TreeSet<String> lines = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher m = BYTEDECO.matcher(entry.replace(File.separatorChar, '/'));
            if (!m.matches()) {
                continue;
            }
            String artifact = m.group(1);
            String version = m.group(2);
            String classifier = m.group(3);
            versions.put(artifact + (classifier == null ? "" : ":" + classifier), version);
            // javacpp 1.5.7; presets <native version>-1.5.7
            lines.add(artifact.equals("javacpp") ? version : version.substring(version.lastIndexOf('-') + 1));
            if (classifier != null && !classifier.startsWith("linux-x86_64")) {
                foreign.add(entry);
            }
        }
        assertTrue(versions.containsKey("javacpp") && versions.containsKey("openblas:linux-x86_64")
                && versions.containsKey("arpack-ng:linux-x86_64"), "expected javacpp, openblas and arpack-ng: " + versions);
        assertEquals(1, lines.size(), "one JavaCPP line for all presets, found " + lines + " in " + versions);
        assertEquals("1.5.7", lines.first(), "the line nd4j-native 1.0.0-M2.1 was built against: " + versions);
        assertEquals(List.of(), foreign, "only linux-x86_64 natives");
    }

    @Test
    void javacppAcceptsTheVersionsOfTheNativePresetsItLoads() {
        // Loader.checkVersion is the comparison behind JavaCPP's "Versions ... do not match" warning.
        for (String preset : List.of("openblas", "arpack-ng")) {
            assertTrue(Loader.checkVersion("org.bytedeco", preset, "-", false, Loader.class),
                    "javacpp and " + preset + " are of different lines");
        }
    }

    @Test
    void nd4jNativeBuildsAreLinuxX8664AndIncludeTheDefault() {
        List<String> builds = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher m = ND4J_NATIVE.matcher(entry.replace(File.separatorChar, '/'));
            if (m.matches()) {
                builds.add(m.group(2) + "-" + m.group(3));
                assertEquals("linux", m.group(2), entry);
            }
        }
        assertTrue(builds.contains("linux-x86_64-onednn"), "the default build must be shipped: " + builds);
        assertEquals(builds.size(), NativeBackend.shippedVariants().size(), "NativeBackend finds every shipped build: "
                + builds + " vs " + NativeBackend.shippedVariants());
    }
}
