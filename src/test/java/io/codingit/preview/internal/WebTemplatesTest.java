package io.codingit.preview.internal;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TemplatePreparation;
import io.codingit.support.TestApi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static io.codingit.support.TemplatePreparation.createWhenPrepared;
import static io.codingit.support.TemplatePreparation.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The web templates that need a one-time preparation: Next.js end to end on a home that npm prepared for
 * real (the prepared home is shared by every test context through the template cache, keyed by the
 * template's content hash, so only the first run on a machine pays for npm), and the pip templates,
 * which this machine cannot prepare (no Python package index): a 503 with that reason, and their end-to-end
 * tests reported skipped with it.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.rate-limit.general.capacity=100000",
        "codingit.preview.start-timeout=180s"
})
class WebTemplatesTest extends PreviewTestBase {

    @Test
    void aNextJsFragmentIsServedAtItsPreviewHotReloadsOnEditsAndItsHmrSocketUpgradesThroughTheProxy() throws Exception {
        TestApi api = signedUp();
        TestApi.Response created = createWhenPrepared(api, "nextjs-developer", page("codingit-first-version"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String sbxId = created.json().get("sbxId").asString();
        assertThat(created.json().get("template").asString()).isEqualTo("nextjs-developer");
        URI url = URI.create(created.json().get("url").asString());
        assertThat(url.getHost()).startsWith("3000-" + sbxId + "-");
        assertThat(created.json().get("files").toString()).contains("pages", "index.tsx", "package.json")
                .doesNotContain("\"react-dom\"");

        assertThat(get(url.getHost(), "/").body()).contains("codingit-first-version");

        try (WebSocketProbe hmr = WebSocketProbe.open(port, url.getHost(), "/_next/webpack-hmr")) {
            assertThat(hmr.responseHead()).as("Next's hot-reload socket upgrades through the proxy").startsWith("HTTP/1.1 101");
            assertThat(hmr.receive()).as("the dev server talks over it").contains("action");
        }

        TestApi.Response edited = api.post("/api/sandbox/" + sbxId + "/files/content",
                Map.of("path", "pages/index.tsx", "content", page("codingit-second-version")));
        assertThat(edited.status()).as(edited.toString()).isIn(200, 201);
        String body = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!body.contains("codingit-second-version") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            body = get(url.getHost(), "/").body();
        }
        assertThat(body).as("the edit reaches the preview (hot reload)").contains("codingit-second-version")
                .doesNotContain("codingit-first-version");

        JsonNode template = template(api, "nextjs-developer");
        assertThat(template.get("readiness").get("status").asString()).isEqualTo("ready");
        assertThat(template.get("ready").asBoolean()).isTrue();

        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(get(url.getHost(), "/").status()).isEqualTo(404);
    }

    @Test
    void aVueFragmentIsServedAtItsPreview() throws Exception {
        TestApi api = signedUp();
        TestApi.Response created = createWhenPrepared(api, "vue-developer",
                "<template>\n  <div><h1>codingit-vue-page</h1></div>\n</template>\n");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        URI url = URI.create(created.json().get("url").asString());
        assertThat(url.getHost()).startsWith("3000-");
        assertThat(get(url.getHost(), "/").body()).contains("codingit-vue-page");
        assertThat(api.delete("/api/sandbox/" + created.json().get("sbxId").asString()).status()).isEqualTo(200);
    }

    /**
     * The tests point the Python index at a closed loopback port, so a pip template settles as unavailable
     * with pip's own reason, and a fragment for it is a 503 saying so. Preparing from a reachable index is
     * tested in TemplatePreparationsTest against an index served on loopback, and a pip template's preview end to
     * end in PipTemplatePreviewTest.
     */
    @ParameterizedTest
    @ValueSource(strings = {"streamlit-developer", "gradio-developer"})
    void aPipTemplateWithoutAPackageIndexAnswers503WithTheReason(String templateId) throws Exception {
        TestApi api = signedUp();
        JsonNode readiness = awaitSettled(api, templateId);
        assertThat(readiness.get("status").asString()).isEqualTo("unavailable");
        assertThat(readiness.get("reason").asString()).contains("pip install failed");
        TestApi.Response refused = api.post("/api/sandbox", Map.of("fragment", Map.of("template", templateId,
                "code", "print('hi')")));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("message").asString()).contains(templateId, "pip install failed");
    }

    private static String page(String text) {
        return "export default function Home() {\n  return <main><h1>" + text + "</h1></main>;\n}\n";
    }

    /** Asks for the template once (its first need starts the preparation), then waits until it is ready or unavailable. */
    private JsonNode awaitSettled(TestApi api, String templateId) throws InterruptedException {
        api.post("/api/sandbox", Map.of("fragment", Map.of("template", templateId, "code", "print('hi')")));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode readiness = template(api, templateId).get("readiness");
        while (readiness.get("status").asString().equals("preparing") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            readiness = template(api, templateId).get("readiness");
        }
        return readiness;
    }

}
