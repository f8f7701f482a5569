package io.codingit.sandbox;

import io.codingit.common.DomainException;

/** A failure of sandboxes and their templates that the caller can act on; web maps its {@link Kind} to an HTTP status. */
public class SandboxException extends DomainException {
    public SandboxException(Kind kind, String message) {
        super(kind, message);
    }

    public SandboxException(Kind kind, String code, String message) {
        super(kind, code, message);
    }
}
