package org.mnistdynamics.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mnistdynamics.train.NativeBackend;

/**
 * Picks the ND4J build and DL4J helpers for the test JVM exactly as the command line, the notebooks and the plans
 * do ({@link NativeBackend#configure()}), before any test class touches ND4J; without it the first test to load ND4J
 * would get JavaCPP's own pick and the tests would not exercise the set-up users run. Registered for every test
 * class through JUnit's extension auto-detection ({@code junit-platform.properties},
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}).
 */
public final class NativeBackendExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        NativeBackend.configure();
    }
}
