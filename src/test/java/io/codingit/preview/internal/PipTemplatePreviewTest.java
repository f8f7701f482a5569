package io.codingit.preview.internal;

import io.codingit.sandbox.egress.LocalRegistries;
import io.codingit.sandbox.internal.PipProbeTemplate;
import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;

import static io.codingit.support.TemplatePreparation.createWhenPrepared;
import static io.codingit.support.TemplatePreparation.template;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pip template end to end, as Streamlit and Gradio go: prepared in the background from the configured Python
 * index (a PEP 503 index this test serves on loopback, holding the template's one package, named for the test),
 * shown ready in {@code /api/templates}, and its app, which imports that package from the prepared home, served
 * at its preview URL through the preview proxy. The template is {@link PipProbeTemplate}'s, added to the real ones.
 */
@IntegrationTest
@Import(PipProbeTemplate.class)
class PipTemplatePreviewTest extends PreviewTestBase {
    private static final LocalRegistries INDEX = new LocalRegistries()
            .wheel(PipProbeTemplate.PACKAGE, "0.4.0", PipProbeTemplate.MODULE, "GREETING = 'served from the prepared pip home'\n");

    @DynamicPropertySource
    static void index(DynamicPropertyRegistry registry) {
        registry.add("codingit.sandbox.registries.python-index-url", () -> "http://127.0.0.1:" + INDEX.pythonPort() + "/simple");
    }

    @AfterAll
    static void stopIndex() {
        INDEX.close();
    }

    @Test
    void aPipTemplateIsPreparedFromTheIndexShownReadyAndItsAppServedAtItsPreview() throws Exception {
        TestApi api = signedUp();
        assertThat(template(api, PipProbeTemplate.ID).get("ready").asBoolean()).as("not prepared before its first use")
                .isFalse();
        String app = """
                import os
                from http.server import BaseHTTPRequestHandler, HTTPServer
                import %s as probe

                class Page(BaseHTTPRequestHandler):
                    def do_GET(self):
                        body = ('<h1>' + probe.GREETING + '</h1>').encode()
                        self.send_response(200)
                        self.send_header('Content-Type', 'text/html')
                        self.send_header('Content-Length', str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)

                HTTPServer(('127.0.0.1', int(os.environ.get('PORT', '%d'))), Page).serve_forever()
                """.formatted(PipProbeTemplate.MODULE, PipProbeTemplate.PORT);
        TestApi.Response created = createWhenPrepared(api, PipProbeTemplate.ID, app);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String sbxId = created.json().get("sbxId").asString();
        URI url = URI.create(created.json().get("url").asString());
        assertThat(url.getHost()).startsWith(PipProbeTemplate.PORT + "-" + sbxId + "-");

        PreviewTest.Reply page = get(url.getHost(), "/");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("served from the prepared pip home");

        JsonNode entry = template(api, PipProbeTemplate.ID);
        assertThat(entry.get("readiness").get("status").asString()).isEqualTo("ready");
        assertThat(entry.get("ready").asBoolean()).isTrue();
        assertThat(INDEX.downloads("codingit_pip_template_probe-0.4.0-py3-none-any.whl"))
                .as("installed once, at the preparation").isEqualTo(1);

        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(get(url.getHost(), "/").status()).isEqualTo(404);
    }
}
