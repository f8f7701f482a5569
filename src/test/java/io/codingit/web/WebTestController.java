package io.codingit.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

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

    @GetMapping("/test-web/log")
    Map<String, Object> logSomething() {
        log.info("handling a logged request");
        return Map.of("requestId", String.valueOf(MDC.get(RequestIdFilter.MDC_KEY)));
    }
}
