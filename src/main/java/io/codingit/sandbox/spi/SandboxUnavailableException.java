package io.codingit.sandbox.spi;

/** The provider cannot create sandboxes on this host (e.g. bubblewrap is not installed); the message says what to do. */
public class SandboxUnavailableException extends RuntimeException {
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
