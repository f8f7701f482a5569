package io.codingit.preview;

import io.codingit.common.DomainException;

/** A failure of web previews that the caller can act on; web maps its {@link Kind} to an HTTP status. */
public class PreviewException extends DomainException {
    public PreviewException(Kind kind, String message) {
        super(kind, message);
    }

    public PreviewException(Kind kind, String code, String message) {
        super(kind, code, message);
    }
}
