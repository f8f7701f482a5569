package io.codingit.sandbox.spi;

/** The sandbox was killed or expired while it was being used. */
public class SandboxGoneException extends RuntimeException {
    public SandboxGoneException(String sandboxId) {
        super("sandbox " + sandboxId + " is no longer running");
    }
}
