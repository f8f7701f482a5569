package io.codingit.web;

import io.codingit.common.DomainException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test-only routes (outside /api, so anonymous) that exercise the cross-cutting web behaviour. */
@RestController
class WebTestController {
    private static final Logger log = LoggerFactory.getLogger(WebTestController.class);

    record EchoBody(@NotBlank String name, @NotNull Integer count, List<String> tags) {
    }

    @PostMapping("/test-web/echo")
    Map<String, Object> echo(@Valid @RequestBody EchoBody body) {
        return Map.of("name", body.name(), "count", body.count());
    }

    @GetMapping("/test-web/boom")
    Map<String, Object> boom() {
        throw new IllegalStateException("SELECT password_hash FROM accounts WHERE secret='s3cr3t-value'");
    }

    /** A feature's own failure of the given kind (a rate limit carries a wait of 2.5 s). */
    @GetMapping("/test-web/domain/{kind}")
    Map<String, Object> domainFailure(@PathVariable String kind) {
        DomainException.Kind k = DomainException.Kind.valueOf(kind);
        throw new ExampleFailure(k, k == DomainException.Kind.RATE_LIMITED ? Duration.ofMillis(2500) : null);
    }

    static final class ExampleFailure extends DomainException {
        ExampleFailure(Kind kind, Duration retryAfter) {
            super(kind, "example_" + kind.name().toLowerCase(), "the example failed as " + kind, retryAfter, null);
        }
    }

    @GetMapping("/test-web/log")
    Map<String, Object> logSomething() {
        log.info("handling a logged request");
        return Map.of("requestId", String.valueOf(MDC.get(RequestIdFilter.MDC_KEY)));
    }
}
