package io.codingit.web;

import io.codingit.common.DomainException;
import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feature's own exception ({@link WebTestController#domainFailure}) reaches the caller as the error body, with the status its kind maps to. */
@IntegrationTest
class DomainErrorMappingTest {
    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void setUp() {
        api = new TestApi(port);
    }

    @Test
    void everyKindHasItsStatusCodeAndMessage() {
        Map<DomainException.Kind, Integer> expected = Map.ofEntries(
                Map.entry(DomainException.Kind.INVALID, 400), Map.entry(DomainException.Kind.UNAUTHENTICATED, 401),
                Map.entry(DomainException.Kind.FORBIDDEN, 403), Map.entry(DomainException.Kind.NOT_FOUND, 404),
                Map.entry(DomainException.Kind.CONFLICT, 409), Map.entry(DomainException.Kind.GONE, 410),
                Map.entry(DomainException.Kind.PRECONDITION_FAILED, 412), Map.entry(DomainException.Kind.TOO_LARGE, 413),
                Map.entry(DomainException.Kind.UNPROCESSABLE, 422), Map.entry(DomainException.Kind.RATE_LIMITED, 429),
                Map.entry(DomainException.Kind.UPSTREAM_FAILED, 502), Map.entry(DomainException.Kind.UNAVAILABLE, 503),
                Map.entry(DomainException.Kind.UPSTREAM_TIMEOUT, 504));
        assertThat(expected.keySet()).isEqualTo(EnumSet.allOf(DomainException.Kind.class));
        expected.forEach((kind, status) -> {
            TestApi.Response r = api.get("/test-web/domain/" + kind.name());
            assertThat(r.status()).as(kind.name()).isEqualTo(status);
            assertThat(r.json().get("error").asBoolean()).isTrue();
            assertThat(r.json().get("message").asString()).isEqualTo("the example failed as " + kind);
            assertThat(r.json().get("code").asString()).isEqualTo("example_" + kind.name().toLowerCase());
        });
    }

    @Test
    void aRetryAfterIsRoundedUpToWholeSeconds() {
        TestApi.Response r = api.get("/test-web/domain/RATE_LIMITED");
        assertThat(r.header("Retry-After")).isEqualTo("3");
        assertThat(api.get("/test-web/domain/CONFLICT").header("Retry-After")).isNull();
    }
}
