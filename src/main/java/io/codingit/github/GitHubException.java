package io.codingit.github;

import io.codingit.common.DomainException;

import java.time.Duration;

/** A failure of GitHub connections and calls that the caller can act on; web maps its {@link Kind} to an HTTP status. */
public class GitHubException extends DomainException {
    public GitHubException(Kind kind, String message) {
        super(kind, message);
    }

    public GitHubException(Kind kind, String code, String message) {
        super(kind, code, message);
    }

    /** An error the caller can retry after {@code retryAfter} (web sends it as Retry-After). */
    public GitHubException(Kind kind, String code, String message, Duration retryAfter) {
        super(kind, code, message, retryAfter, null);
    }
}
