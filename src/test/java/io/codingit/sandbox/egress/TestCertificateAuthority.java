package io.codingit.sandbox.egress;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A certificate authority made for one test run, and a server certificate it signed for some host names, so
 * that a registry on loopback can speak TLS as the real ones do. Made with the JDK's own {@code keytool}
 * (no library for it on the test class path): a CA with {@code basicConstraints CA:true} and a leaf with the
 * names as subject alternative names and {@code extendedKeyUsage serverAuth}, both valid for two days.
 * The CA's private key never leaves the temporary directory.
 *
 * @param caPem         the CA's certificate, PEM encoded: what a client must trust
 * @param serverContext for the server: its certificate chain and key
 */
record TestCertificateAuthority(String caPem, SSLContext serverContext) {
    private static final String PASSWORD = "codingit-test";

    /** A new CA and a server certificate for {@code hostNames}. */
    static TestCertificateAuthority forHosts(String... hostNames) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("codingit-test-ca-");
            Path ca = dir.resolve("ca.p12");
            Path server = dir.resolve("server.p12");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=codingit test registry CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
                    "-keystore", ca.toString());
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=" + hostNames[0], "-keystore", server.toString());
            keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", dir.resolve("server.csr").toString());
            String san = Arrays.stream(hostNames).map(h -> "dns:" + h).collect(Collectors.joining(","));
            keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-rfc", "-validity", "2",
                    "-infile", dir.resolve("server.csr").toString(), "-outfile", dir.resolve("server.pem").toString(),
                    "-ext", "san=" + san, "-ext", "ku:c=digitalSignature", "-ext", "eku=serverAuth");
            keytool("-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-rfc", "-file", dir.resolve("ca.pem").toString());

            String caPem = Files.readString(dir.resolve("ca.pem"));
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            List<Certificate> chain = new ArrayList<>();
            try (InputStream leaf = Files.newInputStream(dir.resolve("server.pem"))) {
                chain.add(x509.generateCertificate(leaf));
            }
            chain.add(x509.generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(server)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            PrivateKey key = (PrivateKey) keys.getKey("server", PASSWORD.toCharArray());
            keys.setKeyEntry("server", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return new TestCertificateAuthority(caPem, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The key stores (the CA's private key among them) are in memory once loaded: none is left on disk. */
    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory of a test run
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        argv.addAll(List.of(args));
        argv.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
