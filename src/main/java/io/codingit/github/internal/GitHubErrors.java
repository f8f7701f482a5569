package io.codingit.github.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.github.GitHubException;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * GitHub's failures as our errors. GitHub's own messages are not passed through (they may echo
 * request details); each mapping says in our words what happened and what to do.
 */
final class GitHubErrors {
    static final String RECONNECT = "GitHub token is invalid or expired — reconnect";
    /** GitHub asks clients to wait at least a minute after a secondary limit without Retry-After. */
    private static final long SECONDARY_LIMIT_WAIT_SECONDS = 60;

    private GitHubErrors() {
    }

    static GitHubException map(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 401) {
            return new GitHubException(Kind.UNAUTHENTICATED, "github_unauthorized", RECONNECT);
        }
        if (status == 403 || status == 429) {
            OptionalLong retryAfter = rateLimitWait(response);
            if (retryAfter.isPresent()) {
                return new GitHubRateLimitedException(retryAfter.getAsLong());
            }
            if (status == 403) {
                return new GitHubException(Kind.FORBIDDEN, "github_forbidden",
                        "GitHub refused access: the token lacks a scope or the organisation restricts access");
            }
            return new GitHubRateLimitedException(SECONDARY_LIMIT_WAIT_SECONDS);
        }
        if (status == 404) {
            return new GitHubException(Kind.NOT_FOUND, "Not found on GitHub (or not visible to this GitHub token)");
        }
        if (status >= 500) {
            return new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable",
                    "GitHub is failing (status " + status + "); try again later");
        }
        return new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable",
                "GitHub answered with an unexpected status " + status);
    }

    static GitHubException unexpectedShape() {
        return new GitHubException(Kind.UPSTREAM_FAILED, "github_unavailable", "GitHub sent a response we cannot read");
    }

    /**
     * Seconds to wait when the response is a rate limit: the primary one (remaining 0, wait until
     * the reset time) or a secondary one (GitHub's Retry-After, or its message naming it).
     */
    private static OptionalLong rateLimitWait(HttpResponse<String> response) {
        OptionalLong retryAfter = header(response, "Retry-After");
        if (retryAfter.isPresent()) {
            return OptionalLong.of(Math.max(1, retryAfter.getAsLong()));
        }
        OptionalLong remaining = header(response, "X-RateLimit-Remaining");
        if (remaining.isPresent() && remaining.getAsLong() == 0) {
            OptionalLong reset = header(response, "X-RateLimit-Reset");
            long wait = reset.isPresent() ? reset.getAsLong() - Instant.now().getEpochSecond() : SECONDARY_LIMIT_WAIT_SECONDS;
            return OptionalLong.of(Math.max(1, wait));
        }
        String body = response.body() == null ? "" : response.body().toLowerCase(Locale.ROOT);
        if (body.contains("secondary rate limit") || body.contains("abuse detection")) {
            return OptionalLong.of(SECONDARY_LIMIT_WAIT_SECONDS);
        }
        return OptionalLong.empty();
    }

    private static OptionalLong header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).map(String::trim).map(v -> {
            try {
                return OptionalLong.of(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }).orElse(OptionalLong.empty());
    }
}
