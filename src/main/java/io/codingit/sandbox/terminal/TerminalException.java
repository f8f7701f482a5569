package io.codingit.sandbox.terminal;

import io.codingit.common.DomainException;

/** A failure of terminal commands and sessions that the caller can act on; web maps its {@link Kind} to an HTTP status. */
public class TerminalException extends DomainException {
    public TerminalException(Kind kind, String message) {
        super(kind, message);
    }

    public TerminalException(Kind kind, String code, String message) {
        super(kind, code, message);
    }
}
