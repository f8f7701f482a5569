package io.codingit.github.internal;

import io.codingit.github.GitHubException;

import java.time.Duration;

/** GitHub's rate limit (primary or secondary) for this token is spent; the caller may retry later. */
class GitHubRateLimitedException extends GitHubException {
    GitHubRateLimitedException(long retryAfterSeconds) {
        super(Kind.RATE_LIMITED, "github_rate_limited",
                "GitHub's rate limit for this token is exhausted; retry in " + retryAfterSeconds + " seconds",
                Duration.ofSeconds(Math.max(1, retryAfterSeconds)));
    }
}
