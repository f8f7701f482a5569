package io.codingit.preview.internal;

import io.codingit.preview.PreviewProperties;
import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code codingit.preview.base-url}: previews under another domain, scheme and port (a TLS-terminating
 * proxy with a wildcard certificate forwards {@code *.preview.example.test} to this server, Host intact).
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.rate-limit.general.capacity=100000",
        "codingit.preview.base-url=https://Preview.Example.test:8443/"
})
class PreviewBaseUrlTest extends PreviewTestBase {
    private static final String APP = """
            import os
            from http.server import BaseHTTPRequestHandler, HTTPServer

            class Hello(BaseHTTPRequestHandler):
                def do_GET(self):
                    body = ("served under the base url at " + self.path).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Hello).serve_forever()
            """;

    @Test
    void previewsAreServedUnderTheConfiguredDomainSchemeAndPort() throws Exception {
        TestApi api = signedUp();
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1",
                "code", APP)));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String sbxId = created.json().get("sbxId").asString();
        URI url = URI.create(created.json().get("url").asString());
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getPort()).isEqualTo(8443);
        assertThat(url.getPath()).isEqualTo("/");
        assertThat(url.getHost()).startsWith("8000-" + sbxId + "-").endsWith(".preview.example.test");

        // as the front proxy forwards it: the preview host name (the port in Host does not matter)
        assertThat(get(url.getHost(), "/page").body()).isEqualTo("served under the base url at /page");
        String label = url.getHost().substring(0, url.getHost().indexOf('.'));
        assertThat(get(label + ".localhost", "/page").status()).as("not under the default domain any more")
                .isNotEqualTo(200);

        String csp = api.get("/").headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("https://*.preview.example.test:*");
        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }

    @Test
    void aBaseUrlThatIsNotJustSchemeHostAndPortIsRefused() {
        for (String bad : new String[] {"ftp://preview.example.test", "https://preview.example.test/path",
                "https://user@preview.example.test", "https://preview.example.test?x=1", "preview.example.test",
                "https://"}) {
            assertThatThrownBy(() -> new PreviewProperties("localhost", bad, Duration.ofSeconds(1)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("codingit.preview.base-url");
        }
        PreviewProperties plain = new PreviewProperties("localhost", "", Duration.ofSeconds(1));
        assertThat(plain.urlOf("8000-sbx1-abc", "8080")).isEqualTo("http://8000-sbx1-abc.localhost:8080/");
        PreviewProperties hosted = new PreviewProperties("localhost", "https://p.example.test", Duration.ofSeconds(1));
        assertThat(hosted.urlOf("8000-sbx1-abc", "8080")).isEqualTo("https://8000-sbx1-abc.p.example.test/");
        assertThat(hosted.baseDomain()).isEqualTo("p.example.test");
    }
}
