package io.codingit.files;

import io.codingit.web.ApiException;
import org.springframework.http.HttpStatus;

/** A path that breaks one of the {@link WorkspacePath} rules; the API answers 400 naming the rule. */
public class InvalidPathException extends ApiException {
    private final PathRule rule;

    public InvalidPathException(PathRule rule, String detail) {
        super(HttpStatus.BAD_REQUEST, "invalid_path", "Invalid path: " + detail + " (rule: " + rule.key() + ")");
        this.rule = rule;
    }

    public PathRule rule() {
        return rule;
    }
}
