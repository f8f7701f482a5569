package io.codingit.sandbox.egress;

import io.codingit.common.DataDirectory;
import io.codingit.llm.HostResolver;
import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxRegistryProperties;
import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.support.EnvBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry CA setting: the bundle is the system's roots followed by the added CAs (re-encoded certificates,
 * nothing else of the configured file), installed as two world-readable files; the installers' variables name it
 * only when a CA was added and the mode is {@code registries}; and every bad file is refused naming the setting
 * and the file, which stops the server's start.
 */
class RegistryCertificatesTest {
    private static String caPem;
    private static String otherCaPem;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeAuthorities() {
        caPem = TestCertificateAuthority.forHosts("mirror.test").caPem();
        otherCaPem = TestCertificateAuthority.forHosts("other.test").caPem();
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** A stand-in for /etc/ssl/certs/ca-certificates.crt: another CA, so the two are told apart. */
    private Path systemBundle() throws IOException {
        return file("system.crt", otherCaPem);
    }

    private static String der(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    @Test
    void theBundleIsTheSystemRootsThenTheAddedCasAndOnlyTheirCertificatesAreWritten() throws Exception {
        Path ca = file("ca.pem", "subject=CN = codingit test registry CA\n# a comment the operator left\n" + caPem);
        RegistryCertificates certificates = RegistryCertificates.load(List.of(ca.toString(), ca.toString()), systemBundle());

        assertThat(certificates.configured()).isTrue();
        assertThat(certificates.bundlePem()).startsWith(otherCaPem.strip()).doesNotContain("a comment");
        assertThat(der(certificates.bundlePem())).isEqualTo(der(otherCaPem) + der(caPem));
        assertThat(der(certificates.addedPem())).as("the same file twice is one CA").isEqualTo(der(caPem));
        // what is written parses back to the very certificate configured
        var parsed = CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(certificates.addedPem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(parsed).hasSize(1);
        assertThat(Base64.getEncoder().encodeToString(parsed.iterator().next().getEncoded())).isEqualTo(der(caPem));

        Path installed = certificates.install(dir.resolve("runtime").resolve("registry-ca"));
        assertThat(Files.readString(installed.resolve(RegistryCertificates.BUNDLE_FILE))).isEqualTo(certificates.bundlePem());
        assertThat(Files.readString(installed.resolve(RegistryCertificates.ADDED_FILE))).isEqualTo(certificates.addedPem());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed.resolve(RegistryCertificates.BUNDLE_FILE))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed.resolve(RegistryCertificates.ADDED_FILE))))
                .isEqualTo("rw-r--r--");
        assertThat(certificates.describe().get("certificates").toString()).contains("CN=codingit test registry CA");
    }

    @Test
    void installingAgainReplacesTheFilesInPlace() throws Exception {
        Path target = dir.resolve("registry-ca");
        RegistryCertificates.load(List.of(file("a.pem", otherCaPem).toString()), systemBundle()).install(target);
        RegistryCertificates second = RegistryCertificates.load(List.of(file("b.pem", caPem).toString()), systemBundle());
        second.install(target);
        assertThat(Files.readString(target.resolve(RegistryCertificates.ADDED_FILE))).isEqualTo(second.addedPem());
        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly(RegistryCertificates.BUNDLE_FILE, RegistryCertificates.ADDED_FILE);
        }
    }

    @Test
    void withoutASystemBundleTheBundleHoldsTheAddedCasOnly() throws Exception {
        RegistryCertificates certificates = RegistryCertificates.load(List.of(file("ca.pem", caPem).toString()),
                dir.resolve("no-such-bundle.crt"));
        assertThat(certificates.bundlePem()).isEqualTo(certificates.addedPem());
        assertThat(certificates.describe().get("systemRoots").toString()).startsWith("none");
    }

    @Test
    void theInstallersAreToldOnlyWhenACaIsAddedAndTheModeIsRegistries() throws Exception {
        RegistryEgressProperties registries = EnvBinding.bind("codingit.sandbox.registries", RegistryEgressProperties.class, Map.of());
        RegistryCertificates certificates = RegistryCertificates.load(List.of(file("ca.pem", caPem).toString()), systemBundle());

        Map<String, String> env = new SandboxEnvironment(Egress.REGISTRIES, registries, certificates).variables();
        String bundle = "/opt/codingit/ca/ca-bundle.pem";
        assertThat(env).containsEntry("PIP_CERT", bundle).containsEntry("REQUESTS_CA_BUNDLE", bundle)
                .containsEntry("SSL_CERT_FILE", bundle)
                // Node adds this file to its own roots: the added CAs only
                .containsEntry("NODE_EXTRA_CA_CERTS", "/opt/codingit/ca/registry-ca.pem")
                // npm's cafile would replace Node's roots, and the public registry would stop verifying
                .doesNotContainKeys("npm_config_cafile", "NPM_CONFIG_CAFILE");

        List<String> caVariables = List.of("PIP_CERT", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS");
        assertThat(new SandboxEnvironment(Egress.REGISTRIES, registries).variables()).doesNotContainKeys(caVariables.toArray(String[]::new));
        assertThat(new SandboxEnvironment(Egress.REGISTRIES, registries, RegistryCertificates.none()).variables())
                .isEqualTo(new SandboxEnvironment(Egress.REGISTRIES, registries).variables());
        for (Egress other : List.of(Egress.NONE, Egress.INTERNET)) {
            SandboxEnvironment environment = new SandboxEnvironment(other, registries, certificates);
            assertThat(environment.variables()).as(other.name()).doesNotContainKeys(caVariables.toArray(String[]::new));
            assertThat(environment.certificates().configured()).as(other.name()).isFalse();
        }
    }

    @Test
    void noFilesIsNone() {
        assertThat(RegistryCertificates.load(List.of(), RegistryCertificates.SYSTEM_BUNDLE).configured()).isFalse();
        assertThat(EnvBinding.bind("codingit.sandbox.registries", RegistryEgressProperties.class, Map.of()).caCertificates())
                .isEmpty();
    }

    @Test
    void theSettingBindsAListOfFiles() {
        RegistryEgressProperties bound = EnvBinding.bind("codingit.sandbox.registries", RegistryEgressProperties.class,
                Map.of("CODINGIT_SANDBOX_REGISTRIES_CA_CERTIFICATES", "/etc/company/root.pem,/etc/company/issuing.pem"));
        assertThat(bound.caCertificates()).containsExactly("/etc/company/root.pem", "/etc/company/issuing.pem");
    }

    @Test
    void aMissingFileIsRefusedNamingTheSettingAndThePath() {
        Path missing = dir.resolve("nope.pem");
        assertRefused(missing.toString(), missing + " does not exist");
    }

    @Test
    void aDirectoryIsRefused() {
        assertRefused(dir.toString(), dir + " is a directory");
    }

    @Test
    void aFileWithoutPemIsRefused() throws Exception {
        assertRefused(file("notes.txt", "this is not a certificate\n").toString(), "holds no PEM certificate");
        byte[] derBytes = Base64.getDecoder().decode(der(caPem));
        Path binary = Files.write(dir.resolve("ca.der"), derBytes);
        assertRefused(binary.toString(), "holds no PEM certificate", "openssl x509 -inform der");
    }

    @Test
    void aCertificateBlockThatIsNotACertificateIsRefused() throws Exception {
        assertRefused(file("bad.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n").toString(),
                "holds a CERTIFICATE block that is not an X.509 certificate");
        assertRefused(file("cut.pem", caPem.substring(0, caPem.indexOf("-----END"))).toString(), "without its END line");
    }

    @Test
    void aPrivateKeyBesideTheCaIsRefusedSinceTheBundleGoesIntoEverySandbox() throws Exception {
        String key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGNvZGluZ2l0LXRlc3Qta2V5LW5vdC1hLXJlYWwtb25l\n-----END PRIVATE KEY-----\n";
        assertRefused(file("with-key.pem", caPem + key).toString(), "holds a private key (PRIVATE KEY)");
        String encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n";
        assertRefused(file("with-encrypted-key.pem", encrypted + caPem).toString(), "holds a private key (RSA PRIVATE KEY)");
        assertRefused(file("crl.pem", caPem + "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n").toString(),
                "holds a X509 CRL block; only CERTIFICATE blocks");
    }

    @Test
    void anEmptyEntryIsRefused() {
        assertThatThrownBy(() -> RegistryCertificates.load(List.of(" "), RegistryCertificates.SYSTEM_BUNDLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("codingit.sandbox.registries.ca-certificates: an entry is empty");
    }

    @Configuration
    @EnableConfigurationProperties({RegistryEgressProperties.class, SandboxRegistryProperties.class})
    static class Properties {
    }

    /** The feature's configuration, as the server starts it (without the proxy: only the CA setting is at stake). */
    private ApplicationContextRunner egressFeature() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, EgressProxyConfiguration.class)
                .withBean(DataDirectory.class, () -> new DataDirectory(dir.resolve("data")))
                .withBean(HostResolver.class, () -> host -> { throw new java.net.UnknownHostException(host); })
                .withPropertyValues("codingit.sandbox.egress=none");
    }

    @Test
    void aBadFileStopsTheStartNamingTheSettingAndTheFile() {
        Path missing = dir.resolve("company-ca.pem");
        egressFeature().withPropertyValues("codingit.sandbox.registries.ca-certificates=" + missing).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("codingit.sandbox.registries.ca-certificates: " + missing + " does not exist");
        });
    }

    @Test
    void aGoodFileStartsAndWithoutTheSettingNothingIsAdded() throws Exception {
        Path ca = file("company-ca.pem", caPem);
        egressFeature().withPropertyValues("codingit.sandbox.registries.ca-certificates=" + ca).run(context ->
                assertThat(context.getBean(RegistryCertificates.class).configured()).isTrue());
        egressFeature().run(context -> assertThat(context.getBean(RegistryCertificates.class).configured()).isFalse());
    }

    private void assertRefused(String file, String... reasons) {
        assertThatThrownBy(() -> RegistryCertificates.load(List.of(file), RegistryCertificates.SYSTEM_BUNDLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("codingit.sandbox.registries.ca-certificates: " + Path.of(file))
                .hasMessageContainingAll(reasons);
    }
}
