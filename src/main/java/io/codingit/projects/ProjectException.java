package io.codingit.projects;

import io.codingit.common.DomainException;

/** A failure of the projects feature, in the caller's words; the web layer maps its kind to a status. */
public final class ProjectException extends DomainException {
    private ProjectException(Kind kind, String code, String message) {
        super(kind, code, message);
    }

    /** Unknown, or another user's: the two are indistinguishable on purpose. */
    public static ProjectException notFound(String what) {
        return new ProjectException(Kind.NOT_FOUND, "not_found", what + " not found");
    }

    public static ProjectException invalid(String message) {
        return new ProjectException(Kind.INVALID, "invalid", message);
    }

    public static ProjectException invalid(String code, String message) {
        return new ProjectException(Kind.INVALID, code, message);
    }

    public static ProjectException tooLarge(String code, String message) {
        return new ProjectException(Kind.TOO_LARGE, code, message);
    }

    public static ProjectException conflict(String code, String message) {
        return new ProjectException(Kind.CONFLICT, code, message);
    }

    public static ProjectException unavailable(String code, String message) {
        return new ProjectException(Kind.UNAVAILABLE, code, message);
    }
}
