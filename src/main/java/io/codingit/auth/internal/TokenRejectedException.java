package io.codingit.auth.internal;

/** A bearer credential was presented and is not acceptable; the message is safe to show. */
class TokenRejectedException extends RuntimeException {
    TokenRejectedException(String message) {
        super(message, null, false, false);
    }
}
