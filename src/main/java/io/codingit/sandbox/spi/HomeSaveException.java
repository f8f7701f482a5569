package io.codingit.sandbox.spi;

import io.codingit.common.DomainException;

/**
 * A sandbox's home could not be saved (the disk is full, the home could not be read) or a saved home could not be
 * restored: the sandbox stays as it was and nothing half-saved is kept. The message says what to do (507 is not a
 * kind here: a full disk is the server's condition, 503).
 */
public class HomeSaveException extends DomainException {
    public HomeSaveException(String message, Throwable cause) {
        super(Kind.UNAVAILABLE, "home_not_saved", message, cause);
    }
}
