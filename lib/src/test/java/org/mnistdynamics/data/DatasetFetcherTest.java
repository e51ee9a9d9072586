package org.mnistdynamics.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** When no source works, the error lists every source tried and a reason for each (never "null"). */
class DatasetFetcherTest {

    @TempDir
    Path data;

    @Test
    void everySourceTriedIsNamedWithItsReason() {
        Path missing = data.resolve("no-such-folder");
        URI refused = URI.create("http://127.0.0.1:1/mnist/"); // loopback port 1: the connection is refused, offline too
        DatasetSpec spec = new DatasetSpec("mnist", "MNIST", DatasetRegistry.MNIST.classNames(),
                DatasetRegistry.MNIST.files(), Optional.empty(), Optional.empty(), List.of(refused));
        IOException e = assertThrows(IOException.class,
                () -> new DatasetFetcher(data.resolve("cache"), Optional.of(missing)).ensure(spec));
        String message = e.getMessage();
        assertTrue(message.startsWith("could not obtain a verified copy of MNIST; sources tried:"), message);
        assertTrue(message.contains(missing + ": no such folder"), message);
        assertTrue(message.contains(refused.toString() + ": "), message);
        assertFalse(message.contains("null"), message);
        assertTrue(message.contains("ConnectException"), message);
    }

    @Test
    void exceptionsWithoutAMessageAreDescribedByTheirClassAndCause() {
        assertEquals("ConnectException", DatasetFetcher.describe(new java.net.ConnectException()));
        assertEquals("HTTP 404", DatasetFetcher.describe(new IOException("HTTP 404")));
        assertEquals("IOException (ConnectException)",
                DatasetFetcher.describe(new IOException((String) null, new java.net.ConnectException())));
        // a cause already quoted in the message is not repeated
        assertEquals("java.net.ConnectException: refused",
                DatasetFetcher.describe(new IOException(new java.net.ConnectException("refused"))));
    }
}
