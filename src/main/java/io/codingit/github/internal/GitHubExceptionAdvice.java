package io.codingit.github.internal;

import io.codingit.web.ErrorBody;
import io.codingit.web.ErrorResponses;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Adds {@code Retry-After} to the 429 that passes GitHub's rate limit on to the caller. */
@RestControllerAdvice(basePackageClasses = GitHubExceptionAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class GitHubExceptionAdvice {
    @ExceptionHandler(GitHubRateLimitedException.class)
    ResponseEntity<ErrorBody> rateLimited(GitHubRateLimitedException e) {
        ResponseEntity<ErrorBody> body = ErrorResponses.of(e.status(), e.getMessage(), e.code());
        return ResponseEntity.status(body.getStatusCode())
                .headers(body.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(body.getBody());
    }
}
