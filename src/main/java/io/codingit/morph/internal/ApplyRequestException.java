package io.codingit.morph.internal;

import io.codingit.common.DomainException;

/** A /v1/chat/completions request that is not an apply request: unknown model, no tagged user message... */
final class ApplyRequestException extends DomainException {

    ApplyRequestException(String code, String message) {
        super(Kind.INVALID, code, message);
    }

    ApplyRequestException(Kind kind, String code, String message, java.time.Duration retryAfter) {
        super(kind, code, message, retryAfter, null);
    }
}
