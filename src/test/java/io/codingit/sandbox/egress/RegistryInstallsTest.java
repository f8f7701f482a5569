package io.codingit.sandbox.egress;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.codingit.llm.HostResolver;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.IntegrationTest;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code egress: registries} end to end, with real sandboxes: pip and npm install through the server's proxy
 * from registries this test runs on loopback ({@code pypi.test} and {@code npm.test}, names that resolve only
 * in this test's resolver table), over plain HTTP (a mirror) and over HTTPS through CONNECT tunnels (the
 * default, as to pypi.org and registry.npmjs.org) to registries whose certificate comes from a private CA, which
 * the server is configured to trust ({@code codingit.sandbox.registries.ca-certificates}), a fragment's
 * dependencies end to end and from the cache, and the refusals a sandbox meets when it tries anything else.
 */
@IntegrationTest
class RegistryInstallsTest {
    private static final LocalRegistries REGISTRIES = new LocalRegistries()
            .wheel("codingit-reg-probe", "0.1.0", "codingit_reg_probe", "WHO = 'pip through the proxy'\n")
            .wheel("codingit-dep-probe", "0.2.0", "codingit_dep_probe", "WHO = 'a fragment dependency'\n")
            .npmPackage("codingit-npm-probe", "1.0.0", "module.exports = 'npm through the proxy';\n")
            .npmPackage("codingit-npm-dep-probe", "1.1.0", "module.exports = 'an npm fragment dependency';\n");
    /** A CA made for this run: a company's private CA, given to the server as a file. */
    private static final TestCertificateAuthority CA = TestCertificateAuthority.forHosts("pypi.test", "npm.test");
    private static final Path CA_FILE = caFile();
    /** The same two registries over TLS only, with a certificate of {@link #CA} for pypi.test and npm.test. */
    private static final LocalRegistries TLS_REGISTRIES = LocalRegistries.overTls(CA)
            .wheel("codingit-tls-probe", "0.3.0", "codingit_tls_probe", "WHO = 'pip through a CONNECT tunnel'\n")
            .npmPackage("codingit-npm-tls-probe", "1.2.0", "module.exports = 'npm through a CONNECT tunnel';\n");
    /** The variables through which the server makes pip, requests and uv trust its bundle. */
    private static final String WITHOUT_THE_BUNDLE = "env -u PIP_CERT -u REQUESTS_CA_BUNDLE -u SSL_CERT_FILE ";

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path caFile() {
        try {
            Path file = Files.createTempFile("codingit-test-registry-ca-", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, CA.caPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the egress proxy logs, at the level it runs at in production. */
    private final ListAppender<ILoggingEvent> proxyLog = new ListAppender<>();

    @LocalServerPort
    int port;

    @Autowired
    SandboxProvider provider;

    @DynamicPropertySource
    static void registries(DynamicPropertyRegistry registry) {
        registry.add("codingit.sandbox.egress", () -> "registries");
        registry.add("codingit.sandbox.warm-pool", () -> "0");
        registry.add("codingit.sandbox.registries.hosts", () -> "pypi.test:" + REGISTRIES.pythonPort() + ",npm.test:"
                + REGISTRIES.npmPort() + ",pypi.test:" + TLS_REGISTRIES.pythonPort() + ",npm.test:" + TLS_REGISTRIES.npmPort()
                + ",public.test:443");
        registry.add("codingit.sandbox.registries.private-hosts", () -> "pypi.test,npm.test");
        registry.add("codingit.sandbox.registries.python-index-url",
                () -> "http://pypi.test:" + REGISTRIES.pythonPort() + "/simple");
        registry.add("codingit.sandbox.registries.npm-registry-url", () -> "http://npm.test:" + REGISTRIES.npmPort() + "/");
        registry.add("codingit.sandbox.registries.ca-certificates", CA_FILE::toString);
    }

    /** Names resolve from a table, so that no test ever asks a real DNS server. */
    @TestConfiguration
    static class TableResolver {
        @Bean
        @Primary
        HostResolver registryTestResolver() {
            return host -> switch (host) {
                case "pypi.test", "npm.test" -> List.of(InetAddress.getLoopbackAddress());
                case "public.test" -> List.of(InetAddress.getByName("93.184.215.14"));
                default -> throw new UnknownHostException(host);
            };
        }
    }

    @AfterAll
    static void stopRegistries() {
        REGISTRIES.close();
        TLS_REGISTRIES.close();
    }

    @BeforeEach
    void requireSandboxes() {
        Prerequisites.require(provider.status().available(),
                "sandboxes unavailable on this host: " + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
        proxyLog.start();
        ((Logger) LoggerFactory.getLogger(SandboxEgressProxy.class)).addAppender(proxyLog);
    }

    @AfterEach
    void stopCapture() {
        ((Logger) LoggerFactory.getLogger(SandboxEgressProxy.class)).detachAppender(proxyLog);
    }

    private TestApi api() {
        return new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
    }

    private String sandbox(TestApi api) {
        TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                "code", "print('up')")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("sbxId").asString();
    }

    private TestApi.Response shell(TestApi api, String sbxId, String command) {
        TestApi.Response r = api.post("/api/terminal", Map.of("sbxId", sbxId, "command", command, "timeoutMs", 120000));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    @Test
    void pipInstallsThroughTheProxyAndEveryPythonSeesThePackage() {
        TestApi api = api();
        String sbx = sandbox(api);
        TestApi.Response pip = shell(api, sbx, "pip install codingit-reg-probe");
        assertThat(pip.json().get("exitCode").asInt()).as(pip.toString()).isZero();
        TestApi.Response python = shell(api, sbx, "python -c 'import codingit_reg_probe as p; print(p.WHO)'");
        assertThat(python.json().get("stdout").asString()).as(python.toString()).contains("pip through the proxy");
        TestApi.Response cell = api.post("/api/sandbox/" + sbx + "/execute",
                Map.of("code", "import codingit_reg_probe as p\nprint(p.WHO)"));
        assertThat(cell.body()).contains("pip through the proxy");
    }

    @Test
    void npmInstallsThroughTheProxy() {
        TestApi api = api();
        String sbx = sandbox(api);
        TestApi.Response npm = shell(api, sbx, "npm install codingit-npm-probe");
        assertThat(npm.json().get("exitCode").asInt()).as(npm.toString()).isZero();
        TestApi.Response node = shell(api, sbx, "node -e \"console.log(require('codingit-npm-probe'))\"");
        assertThat(node.json().get("stdout").asString()).as(node.toString()).contains("npm through the proxy");
    }

    /**
     * The production path: an HTTPS index that pip reaches through {@code HTTPS_PROXY} with a CONNECT tunnel, the
     * TLS session running end to end between pip in the sandbox and the registry (the proxy relays bytes only).
     * The registry's certificate comes from a private CA that the server was configured with: plain
     * {@code pip install x} verifies it, with no certificate variable on the command. Without the variables the
     * server sets (as in a sandbox of a server without the setting) the same install fails on the certificate, so
     * the registry's certificate is checked and it is the setting that makes it pass.
     */
    @Test
    void pipInstallsOverHttpsThroughAConnectTunnel() throws InterruptedException {
        TestApi api = api();
        String sbx = sandbox(api);
        // (this context's index is the plain-http mirror of the other tests: the command names the HTTPS one, and
        // drops PIP_TRUSTED_HOST, which names that mirror, so nothing skips verification)
        String overHttps = "env -u PIP_TRUSTED_HOST PIP_INDEX_URL=https://pypi.test:" + TLS_REGISTRIES.pythonPort() + "/simple ";
        TestApi.Response untrusted = shell(api, sbx, WITHOUT_THE_BUNDLE + overHttps
                + "pip install --retries 0 codingit-tls-probe 2>&1; echo exit=$?");
        assertThat(untrusted.json().get("stdout").asString()).as(untrusted.toString())
                .contains("CERTIFICATE_VERIFY_FAILED").doesNotContain("exit=0");
        assertThat(TLS_REGISTRIES.downloads("codingit_tls_probe-0.3.0-py3-none-any.whl")).isZero();

        TestApi.Response pip = shell(api, sbx, overHttps + "pip install codingit-tls-probe");
        assertThat(pip.json().get("exitCode").asInt()).as(pip.toString()).isZero();
        TestApi.Response python = shell(api, sbx, "python -c 'import codingit_tls_probe as p; print(p.WHO)'");
        assertThat(python.json().get("stdout").asString()).as(python.toString()).contains("pip through a CONNECT tunnel");
        assertThat(TLS_REGISTRIES.downloads("codingit_tls_probe-0.3.0-py3-none-any.whl")).isEqualTo(1);
        assertThat(TLS_REGISTRIES.tlsServerNames()).as("pip itself did the TLS handshake, asking for pypi.test")
                .contains("pypi.test");
        assertTunnelLogged("pypi.test:" + TLS_REGISTRIES.pythonPort());
    }

    /**
     * npm the same way: {@code npm_config_https_proxy}, CONNECT, TLS to the registry, trusting the private CA
     * through the server's {@code NODE_EXTRA_CA_CERTS} (added to Node's own roots); without it, refused.
     */
    @Test
    void npmInstallsOverHttpsThroughAConnectTunnel() throws InterruptedException {
        TestApi api = api();
        String sbx = sandbox(api);
        String registry = " --registry https://npm.test:" + TLS_REGISTRIES.npmPort() + "/ ";
        TestApi.Response untrusted = shell(api, sbx, "env -u NODE_EXTRA_CA_CERTS npm install --fetch-retries 0" + registry
                + "codingit-npm-tls-probe 2>&1; echo exit=$?");
        assertThat(untrusted.json().get("stdout").asString()).as(untrusted.toString())
                .containsAnyOf("SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "UNABLE_TO_VERIFY_LEAF_SIGNATURE")
                .doesNotContain("exit=0");
        assertThat(TLS_REGISTRIES.downloads("codingit-npm-tls-probe-1.2.0.tgz")).isZero();

        TestApi.Response npm = shell(api, sbx, "npm install" + registry + "codingit-npm-tls-probe");
        assertThat(npm.json().get("exitCode").asInt()).as(npm.toString()).isZero();
        TestApi.Response node = shell(api, sbx, "node -e \"console.log(require('codingit-npm-tls-probe'))\"");
        assertThat(node.json().get("stdout").asString()).as(node.toString()).contains("npm through a CONNECT tunnel");
        assertThat(TLS_REGISTRIES.downloads("codingit-npm-tls-probe-1.2.0.tgz")).isEqualTo(1);
        assertThat(TLS_REGISTRIES.tlsServerNames()).as("npm itself did the TLS handshake, asking for npm.test")
                .contains("npm.test");
        assertTunnelLogged("npm.test:" + TLS_REGISTRIES.npmPort());
    }

    /**
     * The bundle in the sandbox: read-only, the system's roots followed by the configured CA, and a file of the CA
     * alone for Node; health names the CA.
     */
    @Test
    void theCaBundleIsReadOnlyInTheSandboxAndHoldsTheSystemRootsAndTheCa() {
        TestApi api = api();
        String sbx = sandbox(api);
        TestApi.Response env = shell(api, sbx, "env | grep -E '^(PIP_CERT|REQUESTS_CA_BUNDLE|SSL_CERT_FILE|NODE_EXTRA_CA_CERTS"
                + "|npm_config_cafile)=' | sort");
        assertThat(env.json().get("stdout").asString()).isEqualTo("NODE_EXTRA_CA_CERTS=/opt/codingit/ca/registry-ca.pem\n"
                + "PIP_CERT=/opt/codingit/ca/ca-bundle.pem\nREQUESTS_CA_BUNDLE=/opt/codingit/ca/ca-bundle.pem\n"
                + "SSL_CERT_FILE=/opt/codingit/ca/ca-bundle.pem\n");
        String expected = RegistryCertificates.load(List.of(CA_FILE.toString()), RegistryCertificates.SYSTEM_BUNDLE).bundlePem();
        TestApi.Response bundle = shell(api, sbx, "sha256sum < /opt/codingit/ca/ca-bundle.pem | cut -c1-64;"
                + " head -c 4096 /etc/ssl/certs/ca-certificates.crt | cmp -s - <(head -c 4096 /opt/codingit/ca/ca-bundle.pem)"
                + " && echo starts-with-system-roots; grep -c 'BEGIN CERTIFICATE' /opt/codingit/ca/registry-ca.pem");
        assertThat(bundle.json().get("stdout").asString()).as(bundle.toString())
                .isEqualTo(sha256(expected) + "\nstarts-with-system-roots\n1\n");
        TestApi.Response write = shell(api, sbx, "echo x >> /opt/codingit/ca/ca-bundle.pem 2>&1; echo exit=$?;"
                + " touch /opt/codingit/ca/other 2>&1; echo exit=$?");
        // bubblewrap's read-only bind says EROFS; gVisor's gofer refuses the same write with EACCES
        assertThat(write.json().get("stdout").asString()).as(write.toString())
                .containsPattern("Read-only file system|Permission denied").doesNotContain("exit=0");
        assertThat(shell(api, sbx, "sha256sum < /opt/codingit/ca/ca-bundle.pem | cut -c1-64;"
                + " test -e /opt/codingit/ca/other || echo nothing-added")
                .json().get("stdout").asString()).as("the bundle is unchanged and nothing was added")
                .isEqualTo(sha256(expected) + "\nnothing-added\n");
        assertThat(provider.status().details().get("registryCertificates").toString())
                .contains("CN=codingit test registry CA");
    }

    /**
     * The proxy logged a connection to {@code destination} that carried bytes. Only a CONNECT tunnel reaches the
     * TLS registries: the proxy's plain forward takes absolute http:// URLs alone, and the registry speaks only TLS.
     */
    private void assertTunnelLogged(String destination) throws InterruptedException {
        String pattern = "egress sandbox=\\S+ destination=" + destination.replace(".", "\\.") + " bytes=[1-9]\\d* duration_ms=\\d+";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String text = proxyLogText();
        while (!java.util.regex.Pattern.compile(pattern).matcher(text).find() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            text = proxyLogText();
        }
        assertThat(text).containsPattern(pattern);
    }

    private String proxyLogText() {
        synchronized (proxyLog) {
            return proxyLog.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
        }
    }

    @Test
    void aFragmentsDependenciesInstallEndToEndAndTheSecondTimeFromTheCachedLayer() {
        Map<String, Object> fragment = Map.of("template", "code-interpreter-v1",
                "code", "import codingit_dep_probe as p\nprint(p.WHO)", "has_additional_dependencies", true,
                "additional_dependencies", List.of("codingit-dep-probe"));
        TestApi.Response first = api().post("/api/sandbox", Map.of("fragment", fragment));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("stdout").toString()).contains("a fragment dependency");
        assertThat(REGISTRIES.downloads("codingit_dep_probe-0.2.0-py3-none-any.whl")).isEqualTo(1);

        TestApi.Response second = api().post("/api/sandbox", Map.of("fragment", fragment));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().get("stdout").toString()).contains("a fragment dependency");
        assertThat(REGISTRIES.downloads("codingit_dep_probe-0.2.0-py3-none-any.whl")).as("the layer was reused").isEqualTo(1);
    }

    /**
     * npm in a fragment's install command, through the proxy and then from the layer. (On the interpreter
     * template: {@code additional_dependencies} become {@code npm install} only on the Next.js and Vue templates,
     * whose preparation is far longer than this test.)
     */
    @Test
    void aFragmentsNpmInstallRunsEndToEndAndTheSecondTimeFromTheCachedLayer() {
        Map<String, Object> fragment = Map.of("template", "code-interpreter-v1",
                "code", "import subprocess\nprint(subprocess.run(['node', '-e', \"console.log(require('codingit-npm-dep-probe'))\"],"
                        + " capture_output=True, text=True, cwd='/home/user').stdout)",
                "has_additional_dependencies", true, "install_dependencies_command", "npm install codingit-npm-dep-probe",
                "additional_dependencies", List.of("codingit-npm-dep-probe"));
        TestApi.Response first = api().post("/api/sandbox", Map.of("fragment", fragment));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("stdout").toString()).as(first.toString()).contains("an npm fragment dependency");
        assertThat(REGISTRIES.downloads("codingit-npm-dep-probe-1.1.0.tgz")).isEqualTo(1);

        TestApi.Response second = api().post("/api/sandbox", Map.of("fragment", fragment));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().get("stdout").toString()).contains("an npm fragment dependency");
        assertThat(REGISTRIES.downloads("codingit-npm-dep-probe-1.1.0.tgz")).as("the layer was reused").isEqualTo(1);
    }

    @Test
    void everythingElseIsRefusedWithAReason() {
        TestApi api = api();
        String sbx = sandbox(api);
        // a host that is not on the list, through the proxy
        TestApi.Response other = shell(api, sbx, "curl -sS --noproxy '' -x http://127.0.0.1:3128 https://example.org/ 2>&1; echo exit=$?");
        assertThat(other.json().get("stdout").asString()).as(other.toString()).contains("exit=56");
        TestApi.Response plain = shell(api, sbx, "curl -sS --noproxy '' -x http://127.0.0.1:3128 http://example.org/");
        assertThat(plain.json().get("stdout").asString()).contains("not on the registry allow-list");
        // the host's own services, through the proxy: the API, PostgreSQL, Redis
        for (String service : List.of("127.0.0.1:" + port, "127.0.0.1:5432", "127.0.0.1:6379", "localhost:" + port)) {
            TestApi.Response r = shell(api, sbx, "curl -sS -o /dev/null -w '%{http_code}' --noproxy '' -p -x http://127.0.0.1:3128 http://"
                    + service + "/ 2>&1; echo");
            assertThat(r.json().get("stdout").asString()).as(service + " " + r).doesNotContain("200").contains("403");
        }
        // a command that ignores the proxy variables reaches nothing: no route, no name service
        TestApi.Response direct = shell(api, sbx, "curl -sS --noproxy '*' --max-time 5 http://pypi.test:"
                + REGISTRIES.pythonPort() + "/simple/ 2>&1; echo exit=$?");
        assertThat(direct.json().get("stdout").asString()).as(direct.toString()).doesNotContain("exit=0");
        TestApi.Response loopback = shell(api, sbx, "python3 -c \"import socket; socket.create_connection(('127.0.0.1', "
                + port + "), 3)\" 2>&1 | tail -1");
        assertThat(loopback.json().get("stdout").asString()).contains("Connection refused");
    }

    @Test
    void healthNamesTheModeAndTheAllowList() {
        TestApi.Response health = api().get("/api/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(provider.status().details().get("network").toString()).contains("package registries only")
                .contains("pypi.test:" + REGISTRIES.pythonPort());
    }
}
