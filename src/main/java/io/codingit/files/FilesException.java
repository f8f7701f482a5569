package io.codingit.files;

import io.codingit.common.DomainException;

/** A failure of workspace files that the caller can act on; web maps its {@link Kind} to an HTTP status. */
public class FilesException extends DomainException {
    public FilesException(Kind kind, String message) {
        super(kind, message);
    }

    public FilesException(Kind kind, String code, String message) {
        super(kind, code, message);
    }
}
