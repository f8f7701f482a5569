package io.codingit.sandbox.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One TCP connection to a port on the sandbox's own loopback, carried by its agent (docs/sandbox-protocol.md,
 * "Ports"): how previews reach an app in a sandbox that has no network of its own, from any server.
 */
public interface PortConnection extends AutoCloseable {
    /** Where the app's bytes go, in order, on one thread at a time; a receiver that blocks slows the app down. */
    interface Receiver {
        void data(ByteBuffer bytes) throws IOException;

        /** The app finished sending (half close). */
        void endOfData();

        /** The connection is over, both ways. */
        void closed();
    }

    /** Bytes to the app. */
    void send(byte[] data, int offset, int length) throws IOException;

    /** Half-closes towards the app: it reads end-of-file. */
    void endOfInput();

    @Override
    void close();
}
