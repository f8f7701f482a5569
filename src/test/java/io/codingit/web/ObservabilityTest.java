package io.codingit.web;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class ObservabilityTest {
    @LocalServerPort
    int port;

    @Test
    void healthIsPublicAndReportsTheDatabaseAndProbes() {
        TestApi.Response r = new TestApi(port).get("/api/health");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/livenessState/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/readinessState/status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsNeedAuthentication() {
        TestApi api = new TestApi(port);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);

        TestApi.Response r = api.as(TestUsers.signUp(api).accessToken()).get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }
}
