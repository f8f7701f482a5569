package io.codingit.sandbox.spi;

/** A path that leaves the sandbox's home, crosses a symbolic link, or names something that is not there. */
public class SandboxPathException extends RuntimeException {
    public enum Reason { OUTSIDE_HOME, NOT_FOUND, NOT_A_FILE, TOO_LARGE }

    private final Reason reason;

    public SandboxPathException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
