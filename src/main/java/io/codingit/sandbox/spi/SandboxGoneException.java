package io.codingit.sandbox.spi;

import io.codingit.common.DomainException;

/**
 * The sandbox was killed, expired, or died while it was being used (its agent stopped answering, its
 * processes or pod vanished): gone for good (410). The message says why.
 */
public class SandboxGoneException extends DomainException {
    private final String reason;

    public SandboxGoneException(String sandboxId) {
        super(Kind.GONE, "sandbox_gone", "sandbox " + sandboxId + " is no longer running");
        this.reason = "it is no longer running";
    }

    /** @param reason why it is gone, for the caller and the registry ("its agent stopped answering") */
    public SandboxGoneException(String sandboxId, String reason) {
        super(Kind.GONE, "sandbox_gone", "sandbox " + sandboxId + " is gone: " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
