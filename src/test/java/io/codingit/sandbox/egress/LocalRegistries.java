package io.codingit.sandbox.egress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Package registries the tests run on loopback, speaking the real wire formats: a PEP 503 simple index with
 * wheels built here from tiny packages, and an npm registry serving packuments and tarballs (packed by the
 * host's tar). Both count the downloads of each file, so a test can tell a cached install from a real one.
 * They speak plain HTTP, or TLS as the public registries do ({@link #overTls}).
 */
public final class LocalRegistries implements AutoCloseable {
    private final HttpServer python;
    private final HttpServer npm;
    private final Map<String, byte[]> wheels = new ConcurrentHashMap<>();
    private final Map<String, byte[]> tarballs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
    private final Path work;
    private final String scheme;
    /** The host names clients asked for in their TLS handshakes (SNI). */
    private final Set<String> tlsServerNames = ConcurrentHashMap.newKeySet();

    /** Registries over plain HTTP. */
    public LocalRegistries() {
        this(null);
    }

    private LocalRegistries(SSLContext tls) {
        try {
            work = Files.createTempDirectory("local-registries-");
            python = server(tls);
            npm = server(tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        scheme = tls == null ? "http" : "https";
        python.createContext("/", this::servePython);
        npm.createContext("/", this::serveNpm);
        python.start();
        npm.start();
    }

    /**
     * Registries over HTTPS only, with the certificate {@code authority} issued for the names clients use, so
     * that a client reaches them only if it trusts that authority and asks for one of those names.
     */
    static LocalRegistries overTls(TestCertificateAuthority authority) {
        return new LocalRegistries(authority.serverContext());
    }

    private static HttpServer server(SSLContext tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            return HttpServer.create(loopback, 0);
        }
        HttpsServer server = HttpsServer.create(loopback, 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return server;
    }

    /** The host names TLS clients asked for (SNI), so a test can tell who did the handshake. */
    public Set<String> tlsServerNames() {
        return Set.copyOf(tlsServerNames);
    }

    public int pythonPort() {
        return python.getAddress().getPort();
    }

    public int npmPort() {
        return npm.getAddress().getPort();
    }

    private volatile java.util.concurrent.CountDownLatch filesGate;

    /**
     * Holds every wheel download until {@link #releaseFiles()} (at most two minutes): the installer has said what
     * it collects and waits for the file, so a test can see its output while it runs.
     */
    public void holdFiles() {
        filesGate = new java.util.concurrent.CountDownLatch(1);
    }

    public void releaseFiles() {
        java.util.concurrent.CountDownLatch gate = filesGate;
        filesGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Times a file (a wheel or a tarball) was downloaded. */
    public int downloads(String fileName) {
        return downloads.getOrDefault(fileName, new AtomicInteger()).get();
    }

    /** Adds a pure-Python wheel {@code <name>-<version>-py3-none-any.whl} holding {@code <module>/__init__.py}. */
    public LocalRegistries wheel(String name, String version, String module, String initPy) {
        String dist = name.replace('-', '_');
        String file = dist + "-" + version + "-py3-none-any.whl";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(module + "/__init__.py", initPy.getBytes(StandardCharsets.UTF_8));
        String info = dist + "-" + version + ".dist-info/";
        entries.put(info + "METADATA", ("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n")
                .getBytes(StandardCharsets.UTF_8));
        entries.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: codingit-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        entries.forEach((path, bytes) -> record.append(path).append(",sha256=")
                .append(Base64.getUrlEncoder().withoutPadding().encodeToString(digest("SHA-256", bytes)))
                .append(',').append(bytes.length).append('\n'));
        record.append(info).append("RECORD,,\n");
        entries.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        wheels.put(normalize(name) + "/" + file, zip.toByteArray());
        return this;
    }

    /** Adds an npm package {@code name@version} whose main file is {@code indexJs}. */
    public LocalRegistries npmPackage(String name, String version, String indexJs) {
        try {
            Path dir = Files.createTempDirectory(work, "pkg-");
            Path pkg = Files.createDirectories(dir.resolve("package"));
            Files.writeString(pkg.resolve("package.json"), "{\"name\":\"" + name + "\",\"version\":\"" + version
                    + "\",\"main\":\"index.js\"}");
            Files.writeString(pkg.resolve("index.js"), indexJs);
            Path tgz = dir.resolve("out.tgz");
            Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", dir.toString(), "package")
                    .redirectErrorStream(true).start();
            tar.getInputStream().readAllBytes();
            if (tar.waitFor() != 0) {
                throw new IOException("tar failed");
            }
            tarballs.put(name + "-" + version + ".tgz", Files.readAllBytes(tgz));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    private void servePython(HttpExchange exchange) throws IOException {
        noteServerName(exchange);
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/simple/")) {
            String project = normalize(path.substring("/simple/".length()).replaceAll("/+$", ""));
            StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body>\n");
            wheels.forEach((key, bytes) -> {
                if (key.startsWith(project + "/")) {
                    String file = key.substring(project.length() + 1);
                    page.append("<a href=\"/files/").append(file).append("#sha256=")
                            .append(HexFormat.of().formatHex(digest("SHA-256", bytes))).append("\">").append(file).append("</a>\n");
                }
            });
            page.append("</body></html>\n");
            boolean found = page.indexOf("<a ") >= 0;
            respond(exchange, found ? 200 : 404, "text/html", page.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.startsWith("/files/")) {
            java.util.concurrent.CountDownLatch gate = filesGate;
            if (gate != null) {
                try {
                    gate.await(2, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String file = path.substring("/files/".length());
            byte[] wheel = wheels.entrySet().stream().filter(e -> e.getKey().endsWith("/" + file)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            if (wheel != null) {
                downloads.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
            }
            respond(exchange, wheel == null ? 404 : 200, "application/octet-stream", wheel == null ? new byte[0] : wheel);
            return;
        }
        respond(exchange, 404, "text/plain", new byte[0]);
    }

    private void serveNpm(HttpExchange exchange) throws IOException {
        noteServerName(exchange);
        String path = exchange.getRequestURI().getPath();
        int dash = path.indexOf("/-/");
        if (dash > 0) {
            String file = path.substring(dash + 3);
            byte[] tgz = tarballs.get(file);
            if (tgz != null) {
                downloads.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
            }
            respond(exchange, tgz == null ? 404 : 200, "application/octet-stream", tgz == null ? new byte[0] : tgz);
            return;
        }
        String name = path.substring(1);
        StringBuilder versions = new StringBuilder();
        String latest = null;
        for (Map.Entry<String, byte[]> e : tarballs.entrySet()) {
            if (!e.getKey().startsWith(name + "-")) {
                continue;
            }
            String version = e.getKey().substring(name.length() + 1, e.getKey().length() - ".tgz".length());
            if (!version.matches("[0-9][0-9A-Za-z.\\-]*")) {
                continue;
            }
            latest = version;
            if (!versions.isEmpty()) {
                versions.append(',');
            }
            String host = exchange.getRequestHeaders().getFirst("Host");
            versions.append('"').append(version).append("\":{\"name\":\"").append(name).append("\",\"version\":\"")
                    .append(version).append("\",\"dist\":{\"tarball\":\"").append(scheme).append("://").append(host).append('/').append(name)
                    .append("/-/").append(e.getKey()).append("\",\"shasum\":\"")
                    .append(HexFormat.of().formatHex(digest("SHA-1", e.getValue()))).append("\",\"integrity\":\"sha512-")
                    .append(Base64.getEncoder().encodeToString(digest("SHA-512", e.getValue()))).append("\"}}");
        }
        if (latest == null) {
            respond(exchange, 404, "application/json", "{\"error\":\"Not found\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String packument = "{\"name\":\"" + name + "\",\"dist-tags\":{\"latest\":\"" + latest + "\"},\"versions\":{"
                + versions + "}}";
        respond(exchange, 200, "application/json", packument.getBytes(StandardCharsets.UTF_8));
    }

    private void noteServerName(HttpExchange exchange) {
        if (exchange instanceof HttpsExchange https && https.getSSLSession() instanceof ExtendedSSLSession session) {
            session.getRequestedServerNames().forEach(name -> {
                if (name instanceof SNIHostName host) {
                    tlsServerNames.add(host.getAsciiName());
                }
            });
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static String normalize(String name) {
        return name.toLowerCase().replaceAll("[-_.]+", "-");
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        python.stop(0);
        npm.stop(0);
    }
}
