package io.codingit.sandbox.spi;

import io.codingit.common.DomainException;

/** The sandbox was killed or expired while it was being used: gone for good (410). */
public class SandboxGoneException extends DomainException {
    public SandboxGoneException(String sandboxId) {
        super(Kind.GONE, "sandbox_gone", "sandbox " + sandboxId + " is no longer running");
    }
}
