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

    /** Finding 7: anyone learns UP or DOWN; the components (sandbox uid, limits, paths) are for operators. */
    @Test
    void healthIsPublicButItsDetailsAreForOperators() {
        TestApi api = new TestApi(port);
        TestApi.Response anonymous = api.get("/api/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo("{\"status\":\"UP\"}");
        TestApi.Response user = api.as(TestUsers.signUp(api).accessToken()).get("/api/health");
        assertThat(user.body()).isEqualTo("{\"status\":\"UP\"}");

        TestApi.Response r = api.as(TestUsers.operatorToken(api)).get("/api/health");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/livenessState/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/readinessState/status").asString()).isEqualTo("UP");
    }

    /** Finding 7: metrics answer operators only; any other account or API token gets 403. */
    @Test
    void prometheusMetricsAreForOperatorsOnly() {
        TestApi api = new TestApi(port);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.as(TestUsers.signUp(api).accessToken()).get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api.as(TestUsers.signUp(api).accessToken()).get("/actuator/health").status()).isEqualTo(403);

        TestApi.Response r = api.as(TestUsers.operatorToken(api)).get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }
}
