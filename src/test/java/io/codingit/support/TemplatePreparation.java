package io.codingit.support;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Web templates that are prepared at first need (npm): wait through the preparation from a test. */
public final class TemplatePreparation {
    public static final Duration BOUND = Duration.ofMinutes(10);

    private TemplatePreparation() {
    }

    /** Posts the fragment; while its template is being prepared (503), follows the progress until it is ready. */
    public static TestApi.Response createWhenPrepared(TestApi api, String templateId, String code) throws InterruptedException {
        Map<String, Object> body = Map.of("fragment", Map.of("template", templateId, "code", code));
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            TestApi.Response response = api.post("/api/sandbox", body);
            if (response.status() != 503 || !response.json().get("message").asString().contains("being prepared")) {
                return response;
            }
            JsonNode readiness = template(api, templateId).get("readiness");
            assertThat(readiness.get("status").asString()).as(readiness.toString()).isIn("preparing", "ready");
            if (System.nanoTime() > deadline) {
                fail(templateId + " was not prepared within " + BOUND + ": " + readiness);
            }
            Thread.sleep(2000);
        }
    }

    /** The template's entry in {@code GET /api/templates}. */
    public static JsonNode template(TestApi api, String templateId) {
        for (JsonNode t : api.get("/api/templates").json().get("templates")) {
            if (t.get("id").asString().equals(templateId)) {
                return t;
            }
        }
        throw new AssertionError("no template " + templateId + " in GET /api/templates");
    }
}
