package io.codingit.github.internal;

import io.codingit.web.RetryLaterException;
import org.springframework.http.HttpStatus;

/** GitHub's rate limit (primary or secondary) for this token is spent; the caller may retry later. */
class GitHubRateLimitedException extends RetryLaterException {
    GitHubRateLimitedException(long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "github_rate_limited",
                "GitHub's rate limit for this token is exhausted; retry in " + retryAfterSeconds + " seconds",
                retryAfterSeconds);
    }
}
