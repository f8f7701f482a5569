package io.codingit.web;

import org.springframework.http.HttpStatus;

/**
 * A 429 (or 503) the caller can retry after a known wait: the exception handler adds
 * {@code Retry-After} with {@link #retryAfterSeconds()}, so features only say how long.
 */
public class RetryLaterException extends ApiException {
    private final long retryAfterSeconds;

    public RetryLaterException(HttpStatus status, String code, String message, long retryAfterSeconds) {
        super(status, code, message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
