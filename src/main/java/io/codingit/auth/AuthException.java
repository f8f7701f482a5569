package io.codingit.auth;

import io.codingit.common.DomainException;

import java.time.Duration;

/** A failure of accounts, sessions and tokens that the caller can act on; web maps its {@link Kind} to an HTTP status. */
public class AuthException extends DomainException {
    public AuthException(Kind kind, String message) {
        super(kind, message);
    }

    public AuthException(Kind kind, String code, String message) {
        super(kind, code, message);
    }

    /** An error the caller can retry after {@code retryAfter} (web sends it as Retry-After). */
    public AuthException(Kind kind, String code, String message, Duration retryAfter) {
        super(kind, code, message, retryAfter, null);
    }
}
