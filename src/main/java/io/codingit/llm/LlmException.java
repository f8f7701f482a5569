package io.codingit.llm;

import io.codingit.common.DomainException;

/** A failure of model providers and outbound URLs that the caller can act on; web maps its {@link Kind} to an HTTP status. */
public class LlmException extends DomainException {
    public LlmException(Kind kind, String message) {
        super(kind, message);
    }

    public LlmException(Kind kind, String code, String message) {
        super(kind, code, message);
    }
}
