package io.codingit.llm;

import io.codingit.common.DomainException;

/** An image of a message that cannot be used: not fetchable, redirected, too large or not an image. */
public class LlmImageException extends DomainException {
    public LlmImageException(Kind kind, String message) {
        super(kind, kind == Kind.TOO_LARGE ? "image_too_large" : "image_unavailable", message);
    }
}
