package io.codingit.chat;

import io.codingit.common.DomainException;

/** A failure of chat requests that the caller can act on; web maps its {@link Kind} to an HTTP status. */
public class ChatException extends DomainException {
    public ChatException(Kind kind, String message) {
        super(kind, message);
    }

    public ChatException(Kind kind, String code, String message) {
        super(kind, code, message);
    }
}
