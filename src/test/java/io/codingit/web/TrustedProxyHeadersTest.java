package io.codingit.web;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Behind a configured trusted proxy (here: loopback), X-Forwarded-Proto: https turns on HSTS. */
@IntegrationTest
@TestPropertySource(properties = {"codingit.trusted-proxies=127.0.0.1", CrossOriginTest.ALLOWED_ORIGIN_PROPERTY})
class TrustedProxyHeadersTest {
    @LocalServerPort
    int port;

    @Test
    void hstsWhenTheTrustedProxySaysHttps() {
        TestApi.Response r = new TestApi(port).withHeader("X-Forwarded-Proto", "https").get("/api/health");
        assertThat(r.header("Strict-Transport-Security")).contains("max-age=31536000").contains("includeSubDomains");
    }

    @Test
    void noHstsWhenTheTrustedProxySaysHttp() {
        TestApi.Response r = new TestApi(port).withHeader("X-Forwarded-Proto", "http").get("/api/health");
        assertThat(r.header("Strict-Transport-Security")).isNull();
    }
}
