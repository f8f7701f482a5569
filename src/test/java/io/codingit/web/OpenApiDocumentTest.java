package io.codingit.web;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class OpenApiDocumentTest {
    @LocalServerPort
    int port;

    @Test
    void documentIsPublicAndDescribesTheErrorBodyAndAuth() {
        TestApi.Response r = new TestApi(port).get("/api/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asString()).startsWith("3.");
        assertThat(doc.at("/components/schemas/Error/properties/error").isMissingNode()).as(doc.toString()).isFalse();
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(doc.at("/paths/~1api~1health/get").isMissingNode()).isFalse();
    }

    @Test
    void everyOperationDocumentsTheErrorBody() {
        JsonNode paths = new TestApi(port).get("/api/openapi.json").json().get("paths");
        assertThat(paths.size()).isPositive();
        for (var path : paths.properties()) {
            for (var op : path.getValue().properties()) {
                JsonNode error500 = op.getValue().at("/responses/500/content/application~1json/schema/$ref");
                assertThat(error500.asString()).as(path.getKey() + " " + op.getKey())
                        .isEqualTo("#/components/schemas/Error");
            }
        }
    }

    /** The README says to open /api/docs: it (and where it redirects) must answer a signed-out browser. */
    @Test
    void swaggerUiIsServedSignedOut() {
        TestApi anonymous = new TestApi(port);
        TestApi.Response r = anonymous.get("/api/docs");
        for (int hops = 0; r.status() / 100 == 3 && hops < 3; hops++) {
            String location = r.header("Location");
            r = anonymous.get(location.startsWith("http") ? java.net.URI.create(location).getRawPath() : location);
        }
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(anonymous.get("/api/openapi.json").status()).isEqualTo(200);
    }
}
