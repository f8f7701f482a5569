package io.codingit.sandbox.internal;

import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.codingit.web.ApiException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A sandbox that died mid-request is gone (404); a provider that cannot run sandboxes is 503. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SandboxExceptionAdvice {
    @ExceptionHandler(SandboxGoneException.class)
    void gone(SandboxGoneException e) {
        throw ApiException.notFound(e.getMessage());
    }

    @ExceptionHandler(SandboxUnavailableException.class)
    void unavailable(SandboxUnavailableException e) {
        throw ApiException.unavailable(e.getMessage());
    }
}
