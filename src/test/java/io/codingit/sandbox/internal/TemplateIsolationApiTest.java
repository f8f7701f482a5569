package io.codingit.sandbox.internal;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.support.IntegrationTest;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An isolation level per template through the API: on a {@code namespaces} server the interpreter template runs
 * under gVisor (its kernel answers {@code uname}), one template asks for an unknown level (503 naming it and its
 * key, the others unaffected), and {@code /api/templates} and {@code /api/health} show each template's level.
 * The server's level is set here, so the suite's gvisor-level pass does not change what this tests.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.sandbox.isolation.level=namespaces",
        "codingit.sandbox.isolation.templates.code-interpreter-v1=gvisor",
        "codingit.sandbox.isolation.templates.python-web-v1=firecracker"
})
class TemplateIsolationApiTest {
    @LocalServerPort
    int port;

    @Autowired
    io.codingit.sandbox.spi.SandboxProvider provider;

    private TestApi user() {
        return new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
    }

    private void requireGvisor() {
        Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
        String gvisor = provider.unavailableReason("code-interpreter-v1");
        Prerequisites.require(gvisor == null, String.valueOf(gvisor), "runsc (as root)");
    }

    @Test
    void theInterpreterTemplateRunsUnderGvisorOnANamespacesServer() {
        requireGvisor();
        TestApi api = user();
        TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                "code", "import platform, subprocess\nprint(platform.release())\n"
                        + "print(subprocess.run(['dmesg'], capture_output=True, text=True).stdout.splitlines()[0])\n")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        // gVisor's own kernel answers, not the host's
        assertThat(r.json().get("stdout").asString()).startsWith("4.4.0\n").contains("Starting gVisor");
        String sbxId = r.json().get("sbxId").asString();
        TestApi.Response terminal = api.post("/api/terminal", Map.of("sbxId", sbxId, "command", "uname -r"));
        assertThat(terminal.status()).as(terminal.toString()).isEqualTo(200);
        assertThat(terminal.json().get("stdout").asString()).isEqualTo("4.4.0\n");
    }

    @Test
    void aTemplateAtAnUnknownLevelIs503NamingItWhileTheOthersAreListedWithTheirLevels() {
        TestApi api = user();
        TestApi.Response refused = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1",
                "code", "print(1)")));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().get("error").asBoolean()).isTrue();
        assertThat(refused.json().get("message").asString()).contains("unknown isolation level 'firecracker'",
                "codingit.sandbox.isolation.templates.python-web-v1");

        Map<String, JsonNode> templates = new HashMap<>();
        api.get("/api/templates").json().get("templates").forEach(t -> templates.put(t.get("id").asString(), t));
        assertThat(templates.get("code-interpreter-v1").get("isolation").asString()).isEqualTo("gvisor");
        assertThat(templates.get("nextjs-developer").get("isolation").asString()).isEqualTo("namespaces");
        JsonNode unknown = templates.get("python-web-v1");
        assertThat(unknown.get("isolation").asString()).isEqualTo("firecracker");
        assertThat(unknown.get("ready").asBoolean()).isFalse();
        assertThat(unknown.get("state").asString()).contains("unknown isolation level 'firecracker'");

        TestApi anonymous = new TestApi(port);
        JsonNode sandbox = anonymous.as(TestUsers.operatorToken(anonymous)).get("/api/health").json()
                .get("components").get("sandbox");
        JsonNode details = sandbox.get("details");
        assertThat(details.get("isolation").asString()).isEqualTo("namespaces");
        assertThat(details.get("templateIsolation").get("code-interpreter-v1").asString()).isEqualTo("gvisor");
        assertThat(details.get("unavailableLevels").get("firecracker").asString()).contains("unknown isolation level");
    }

    @Test
    void aLevelForATemplateTheServerDoesNotHaveStopsTheStart() {
        SandboxProperties properties = new SandboxProperties("", 61000, "bwrap", "pasta", SandboxProperties.Egress.NONE,
                java.time.Duration.ofMinutes(10), java.time.Duration.ofHours(1), 5, java.time.Duration.ofSeconds(10),
                org.springframework.util.unit.DataSize.ofMegabytes(1), org.springframework.util.unit.DataSize.ofMegabytes(256),
                64, 1.0, org.springframework.util.unit.DataSize.ofMegabytes(64), java.time.Duration.ofSeconds(1), 0,
                new SandboxProperties.Isolation("namespaces", true, "/usr/bin/python3", "runsc",
                        Map.of("code-interpreter-v2", "gvisor")));
        assertThatThrownBy(() -> new DefaultSandboxes(provider, new TemplateManifest(), properties, null, null, null,
                null, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("codingit.sandbox.isolation.templates names unknown template(s) [code-interpreter-v2]")
                .hasMessageContaining("code-interpreter-v1");
    }
}
