package io.codingit.morph;

import io.codingit.common.DomainException;

/** The code or the update cannot be applied at all: empty, too large, binary, mixed line endings (4xx). */
public final class EditInputException extends DomainException {

    EditInputException(Kind kind, String code, String message) {
        super(kind, code, message);
    }
}
