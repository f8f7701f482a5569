package io.codingit.sandbox.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;

/** A process running inside a sandbox, with its standard streams (for long-lived helpers and streaming). */
public interface SandboxProcess extends AutoCloseable {
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Waits up to {@code timeout}; the exit code, or empty if it is still running. */
    OptionalInt waitFor(Duration timeout) throws InterruptedException;

    boolean isAlive();

    /** Kills the process and everything it started. */
    void destroy();

    @Override
    default void close() {
        destroy();
    }
}
