package io.codingit.files;

import io.codingit.common.DomainException;

import java.util.List;

/** 409: paths that already exist, repeat, or sit under a file. The API lists them in the body. */
public class PathConflictException extends DomainException {
    private final List<String> paths;

    public PathConflictException(String message, List<String> paths) {
        super(Kind.CONFLICT, "conflict", message);
        this.paths = List.copyOf(paths);
    }

    public List<String> paths() {
        return paths;
    }
}
