package io.codingit.ratelimit.internal;

import io.codingit.ratelimit.RateLimitExceededException;
import io.codingit.web.ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.io.IOException;
import java.time.Clock;

/** A budget spent inside a handler gets the same 429 and headers as one spent by the interceptor. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RateLimitExceededAdvice {
    private final RateLimitHeaders headers = new RateLimitHeaders(Clock.systemUTC());

    @ExceptionHandler(RateLimitExceededException.class)
    void exceeded(RateLimitExceededException e, HttpServletResponse response) throws IOException {
        headers.write(response, e.decision());
        ErrorResponses.write(response, 429, e.getMessage(), e.code());
    }
}
