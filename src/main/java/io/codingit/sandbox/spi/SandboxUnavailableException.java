package io.codingit.sandbox.spi;

import io.codingit.common.DomainException;

/**
 * The provider cannot create sandboxes on this host (e.g. bubblewrap is not installed); the message
 * says what to do (503).
 */
public class SandboxUnavailableException extends DomainException {
    public SandboxUnavailableException(String message) {
        super(Kind.UNAVAILABLE, message);
    }
}
