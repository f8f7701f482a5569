package io.codingit.tasks;

import io.codingit.common.DomainException;

/** A failure of background tasks that the caller can act on; web maps its {@link Kind} to an HTTP status. */
public class TaskException extends DomainException {
    public TaskException(Kind kind, String message) {
        super(kind, message);
    }

    public TaskException(Kind kind, String code, String message) {
        super(kind, code, message);
    }
}
