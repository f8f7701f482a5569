package io.codingit.files;

import io.codingit.common.DomainException;

/** A path that breaks one of the {@link WorkspacePath} rules; the API answers 400 naming the rule. */
public class InvalidPathException extends DomainException {
    private final PathRule rule;

    public InvalidPathException(PathRule rule, String detail) {
        this(rule, "Invalid path: " + detail + " (rule: " + rule.key() + ")", true);
    }

    private InvalidPathException(PathRule rule, String message, boolean unused) {
        super(Kind.INVALID, "invalid_path", message);
        this.rule = rule;
    }

    /** The same failure, with the request field that carried the path named first. */
    public InvalidPathException inField(String field) {
        return new InvalidPathException(rule, "Field '" + field + "': " + getMessage(), true);
    }

    public PathRule rule() {
        return rule;
    }
}
