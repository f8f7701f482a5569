package io.codingit.sandbox.egress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CAs a company mirror's certificate comes from ({@code codingit.sandbox.registries.ca-certificates}), and the
 * bundle local sandboxes verify registries with: the system's roots followed by those CAs. Installers differ in
 * what they read: pip, requests and uv take one bundle that <em>replaces</em> their roots ({@code PIP_CERT},
 * {@code REQUESTS_CA_BUNDLE}, {@code SSL_CERT_FILE}), so they get the whole bundle; Node (npm, yarn) <em>adds</em>
 * {@code NODE_EXTRA_CA_CERTS} to its own compiled-in roots, so it gets the added CAs only. ({@code npm_config_cafile}
 * is not used: it would replace Node's roots, and the public registry would stop verifying.)
 *
 * <p>The files are checked once, at start: each must exist, be readable and hold PEM certificates and nothing else
 * (a private key beside the CA is refused, since the bundle goes into every sandbox). A bad file stops the server
 * from starting with a message naming the key and the file: a mirror whose CA is silently missing fails every
 * install inside the sandboxes with a certificate error that names neither. Only certificates as parsed are written
 * out (re-encoded), never the configured files' own bytes.
 */
public final class RegistryCertificates {
    private static final Logger log = LoggerFactory.getLogger(RegistryCertificates.class);
    /** The setting, for messages. */
    static final String KEY = "codingit.sandbox.registries.ca-certificates";
    /** Debian's bundle of the system's roots (package {@code ca-certificates}); sandboxes see the host's. */
    public static final Path SYSTEM_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");
    /** Where the bundle's directory appears inside a sandbox, read-only. */
    public static final String SANDBOX_DIRECTORY = "/opt/codingit/ca";
    /** The system's roots and the added CAs. */
    public static final String BUNDLE_FILE = "ca-bundle.pem";
    /** The added CAs only. */
    public static final String ADDED_FILE = "registry-ca.pem";
    /** No CA file is this large; a larger one is something else. */
    private static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final Pattern CERTIFICATE_BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----");
    private static final RegistryCertificates NONE = new RegistryCertificates(List.of(), "", null);

    private final List<X509Certificate> added;
    private final String systemPem;
    /** Where the system's roots came from, or null when there were none to read. */
    private final Path systemBundle;

    private RegistryCertificates(List<X509Certificate> added, String systemPem, Path systemBundle) {
        this.added = List.copyOf(added);
        this.systemPem = systemPem;
        this.systemBundle = systemBundle;
    }

    /** No CA added: sandboxes verify with the system's roots, and nothing about them changes. */
    public static RegistryCertificates none() {
        return NONE;
    }

    /**
     * The CAs of {@code files} over the roots of {@code systemBundle} (a missing system bundle is left out, with a
     * warning: the bundle then holds the added CAs only). With no files, {@link #none()}.
     *
     * @throws IllegalArgumentException naming the setting and the file when a file is missing, unreadable, not PEM,
     *                                  holds anything besides certificates, or a certificate that does not parse
     */
    public static RegistryCertificates load(List<String> files, Path systemBundle) {
        if (files == null || files.isEmpty()) {
            return NONE;
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (String file : files) {
            for (X509Certificate certificate : read(file)) {
                if (!certificates.contains(certificate)) {
                    certificates.add(certificate);
                }
            }
        }
        Instant now = Instant.now();
        for (X509Certificate certificate : certificates) {
            if (certificate.getNotAfter().toInstant().isBefore(now) || certificate.getNotBefore().toInstant().isAfter(now)) {
                log.warn("{}: the certificate of {} is not valid now (valid {} to {}); registries it signed will not verify",
                        KEY, certificate.getSubjectX500Principal().getName(), certificate.getNotBefore().toInstant(),
                        certificate.getNotAfter().toInstant());
            }
        }
        String systemPem = "";
        Path systemSource = null;
        try {
            systemPem = Files.readString(systemBundle, StandardCharsets.US_ASCII);
            systemSource = systemBundle;
        } catch (IOException e) {
            log.warn("{}: the system's CA bundle {} could not be read ({}); sandboxes trust the added CAs only, so "
                    + "registries with public certificates will not verify", KEY, systemBundle, e.toString());
        }
        return new RegistryCertificates(certificates, systemPem, systemSource);
    }

    private static List<X509Certificate> read(String file) {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException(KEY + ": an entry is empty; give the path of a PEM file");
        }
        Path path = Path.of(file.trim());
        String text;
        try {
            if (Files.isDirectory(path)) {
                throw new IllegalArgumentException(KEY + ": " + path + " is a directory; give the path of a PEM file");
            }
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(KEY + ": " + path + " is larger than 1 MB, so it is not a CA certificate file");
            }
            text = Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(KEY + ": " + path + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(KEY + ": " + path + " cannot be read (" + e + ")");
        }
        // every block's type first: a key in the file is refused even where its body would not parse
        int blocks = 0;
        Matcher begin = PEM_BEGIN.matcher(text);
        while (begin.find()) {
            blocks++;
            String type = begin.group(1);
            if (type.contains("PRIVATE KEY")) {
                throw new IllegalArgumentException(KEY + ": " + path + " holds a private key (" + type + "); give the CA's "
                        + "certificate only: the file is placed in every sandbox");
            }
            if (!type.equals("CERTIFICATE")) {
                throw new IllegalArgumentException(KEY + ": " + path + " holds a " + type + " block; only CERTIFICATE blocks "
                        + "(-----BEGIN CERTIFICATE-----) are accepted");
            }
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = CERTIFICATE_BLOCK.matcher(text);
        while (block.find()) {
            try {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1).trim());
                certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new IllegalArgumentException(KEY + ": " + path + " holds a CERTIFICATE block that is not an X.509 "
                        + "certificate (" + e.getMessage() + ")");
            }
        }
        if (certificates.size() < blocks) {
            throw new IllegalArgumentException(KEY + ": " + path + " holds a CERTIFICATE block without its END line");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(KEY + ": " + path + " holds no PEM certificate (-----BEGIN CERTIFICATE-----);"
                    + " a DER file converts with `openssl x509 -inform der -in ca.der -out ca.pem`");
        }
        return certificates;
    }

    /** Whether CAs were added; without them sandboxes get neither files nor variables. */
    public boolean configured() {
        return !added.isEmpty();
    }

    /** The added CAs, PEM encoded, in the configured order. */
    public String addedPem() {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : added) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(lines.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate has no encoding", e);
            }
        }
        return pem.toString();
    }

    /** The system's roots, then the added CAs: what replaces the roots of pip, requests and uv. */
    public String bundlePem() {
        if (systemPem.isEmpty()) {
            return addedPem();
        }
        return systemPem + (systemPem.endsWith("\n") ? "" : "\n") + addedPem();
    }

    /**
     * Writes {@link #BUNDLE_FILE} and {@link #ADDED_FILE} into {@code directory} (made 0755, the files 0644: public
     * material the sandbox uid reads), each replaced atomically so that sandboxes of an earlier run, which bind the
     * directory, see either the old file or the new one. Returns {@code directory}.
     */
    public Path install(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        write(directory.resolve(BUNDLE_FILE), bundlePem());
        write(directory.resolve(ADDED_FILE), addedPem());
        return directory;
    }

    private static void write(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The variables that make the installers trust the bundle in {@link #SANDBOX_DIRECTORY}; empty when no CA was
     * added.
     */
    Map<String, String> variables() {
        Map<String, String> env = new LinkedHashMap<>();
        if (!configured()) {
            return env;
        }
        String bundle = SANDBOX_DIRECTORY + "/" + BUNDLE_FILE;
        env.put("PIP_CERT", bundle);
        env.put("REQUESTS_CA_BUNDLE", bundle);
        // Python's ssl module (OpenSSL's default paths) and uv (its own roots otherwise) read this one
        env.put("SSL_CERT_FILE", bundle);
        env.put("NODE_EXTRA_CA_CERTS", SANDBOX_DIRECTORY + "/" + ADDED_FILE);
        return env;
    }

    /** For health: the added CAs by subject and expiry, and where the system's roots came from. */
    public Map<String, Object> describe() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("certificates", added.stream().map(c -> c.getSubjectX500Principal().getName()
                + " (until " + c.getNotAfter().toInstant() + ")").toList());
        details.put("systemRoots", systemBundle == null ? "none (the system bundle could not be read)" : systemBundle.toString());
        details.put("inSandbox", SANDBOX_DIRECTORY);
        return details;
    }
}
