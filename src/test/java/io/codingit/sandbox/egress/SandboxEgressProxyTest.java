package io.codingit.sandbox.egress;

import com.sun.net.httpserver.HttpServer;
import io.codingit.common.SecretCipher;
import io.codingit.llm.HostResolver;
import io.codingit.sandbox.RegistryEgressProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The egress proxy on its own: a real Jetty proxy on a real unix socket, real registries on loopback (a
 * JDK HTTP server), and a resolver table standing in for DNS so that no name is looked up on the network.
 * Refusals by policy (metadata, private addresses) are decided before any connection is opened.
 */
class SandboxEgressProxyTest {
    private static final byte[] PACKAGE = new byte[64 * 1024];
    private static final RegistryProxyCredentials CREDENTIALS = new RegistryProxyCredentials(SecretCipher.of(
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)),
            "test key", () -> null, "test key"));

    /** What the proxy logs, at the level it runs at in production. */
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger proxyLogger = (Logger) LoggerFactory.getLogger(SandboxEgressProxy.class);
    /** Every request header the registry was sent. */
    private final List<String> registryHeaders = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HttpServer registry;
    /** A loopback listener that only counts the connections it accepts: what a refusal must never reach. */
    private ServerSocket target;
    private final AtomicInteger targetConnections = new AtomicInteger();
    private int registryPort;
    private Path dir;
    private SandboxEgressProxy proxy;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/simple/tiny/", exchange -> {
            exchange.getRequestHeaders().forEach((name, values) -> registryHeaders.add(name + ": " + values));
            byte[] body = "<a href=\"tiny-1.0.tar.gz\">tiny-1.0.tar.gz</a>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.createContext("/stall", exchange -> {
            // a registry that starts an answer and then goes quiet, for longer than any test waits
            exchange.sendResponseHeaders(200, PACKAGE.length);
            exchange.getResponseBody().write(PACKAGE, 0, 100);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        registry.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, PACKAGE.length);
            exchange.getResponseBody().write(PACKAGE);
            exchange.close();
        });
        // handlers on threads of their own: /stall holds one
        registry.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        registry.start();
        registryPort = registry.getAddress().getPort();
        target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!target.isClosed()) {
                try (Socket accepted = target.accept()) {
                    targetConnections.incrementAndGet();
                } catch (IOException closed) {
                    // the test is over
                }
            }
        });
        dir = Files.createTempDirectory("egress-test-");
        proxyLogger.setLevel(Level.INFO);
        logs.start();
        proxyLogger.addAppender(logs);
        socket = dir.resolve("egress.sock");
    }

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        proxyLogger.detachAppender(logs);
        proxyLogger.setLevel(null);
        registry.stop(0);
        target.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    private void proxy(List<String> hosts, List<String> privateHosts, DataSize budget) {
        proxy(hosts, privateHosts, budget, Duration.ofMinutes(5));
    }

    private void proxy(List<String> hosts, List<String> privateHosts, DataSize budget, Duration timeBudget) {
        proxy = newProxy(hosts, privateHosts, budget, timeBudget, "127.0.0.1:0");
        proxy.open("sbx-1", socket);
    }

    /** A proxy for local sandboxes only (no TCP), as the server makes it by default; no sandbox opened yet. */
    private SandboxEgressProxy localProxy() {
        return newProxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"), DataSize.ofMegabytes(10),
                Duration.ofMinutes(5), "");
    }

    private static SandboxEgressProxy newProxy(List<String> hosts, List<String> privateHosts, DataSize budget,
                                               Duration timeBudget, String tcpListen) {
        Map<String, String> dns = Map.of(
                "mirror.test", "127.0.0.1",
                "rebinding.test", "127.0.0.1",
                "metadata.test", "169.254.169.254",
                "internal.test", "10.1.2.3",
                "public.test", "93.184.215.14");
        HostResolver resolver = host -> {
            String address = dns.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(address));
        };
        return new SandboxEgressProxy(new RegistryEgressProperties(hosts, privateHosts, "http://mirror.test/simple",
                "http://mirror.test/npm/", budget, timeBudget, Duration.ofSeconds(5), Duration.ofSeconds(30),
                tcpListen), resolver, CREDENTIALS);
    }

    private void proxy(List<String> hosts, List<String> privateHosts) {
        proxy(hosts, privateHosts, DataSize.ofMegabytes(10));
    }

    @Test
    void withoutTcpTheServerStartsWithTheFirstSandboxAndThenServesIt() throws IOException {
        proxy = localProxy();
        assertThat(proxy.started()).isFalse();
        assertThat(proxy.tcpPort()).isEqualTo(-1);
        assertThat(proxy.allowList()).containsExactly("mirror.test:" + registryPort);
        assertThat(proxy.bytesUsed("sbx-1")).isZero();
        proxy.close("sbx-1");
        assertThat(proxy.started()).isFalse();
        assertThat(readyLines()).isZero();

        proxy.open("sbx-1", socket);
        assertThat(proxy.started()).isTrue();
        assertThat(readyLines()).isOne();
        assertThat(plainGet("http://mirror.test:" + registryPort + "/simple/tiny/")).startsWith("HTTP/1.1 200")
                .contains("tiny-1.0.tar.gz");
        assertThat(proxy.bytesUsed("sbx-1")).isPositive();
        assertThat(proxy.tcpPort()).isEqualTo(-1);
    }

    @Test
    void twoFirstSandboxesOpeningAtOnceStartOneServerAndBothAreServed() throws Exception {
        proxy = localProxy();
        Path second = dir.resolve("second.sock");
        CyclicBarrier together = new CyclicBarrier(2);
        try (ExecutorService sandboxes = Executors.newFixedThreadPool(2)) {
            Future<?> first = sandboxes.submit(() -> {
                together.await();
                proxy.open("sbx-1", socket);
                return null;
            });
            Future<?> other = sandboxes.submit(() -> {
                together.await();
                proxy.open("sbx-2", second);
                return null;
            });
            first.get();
            other.get();
        }
        try {
            assertThat(readyLines()).isOne();
            assertThat(plainGet("http://mirror.test:" + registryPort + "/simple/tiny/")).startsWith("HTTP/1.1 200");
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(second));
                assertThat(send(channel, "CONNECT mirror.test:" + registryPort + " HTTP/1.1\r\nHost: mirror.test:"
                        + registryPort + "\r\n\r\n")).startsWith("HTTP/1.1 200");
            }
            assertThat(proxy.bytesUsed("sbx-1")).isPositive();
        } finally {
            proxy.close("sbx-2");
        }
    }

    @Test
    void aProxyClosedBeforeAnySandboxNeverStarts() {
        proxy = localProxy();
        proxy.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> proxy.open("sbx-1", socket))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(proxy.started()).isFalse();
        assertThat(Files.exists(socket)).isFalse();
    }

    @Test
    void aServerThatCannotStartSaysSo() {
        // the port is held by the test's own listener
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> newProxy(List.of("mirror.test:" + registryPort),
                        List.of("mirror.test"), DataSize.ofMegabytes(1), Duration.ofMinutes(1), "127.0.0.1:" + target.getLocalPort()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the registry egress proxy could not start");
    }

    private long readyLines() {
        return logs.list.stream().filter(event -> event.getFormattedMessage().startsWith("Registry egress proxy ready")).count();
    }

    @Test
    void aConnectTunnelReachesAnAllowListedMirror() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        try (SocketChannel channel = connect()) {
            String answer = send(channel, "CONNECT mirror.test:" + registryPort + " HTTP/1.1\r\nHost: mirror.test:"
                    + registryPort + "\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 200");
            String page = send(channel, "GET /simple/tiny/ HTTP/1.1\r\nHost: mirror.test\r\nConnection: close\r\n\r\n");
            assertThat(page).startsWith("HTTP/1.1 200").contains("tiny-1.0.tar.gz");
        }
        assertThat(proxy.bytesUsed("sbx-1")).isPositive();
    }

    @Test
    void plainHttpToAnAllowListedMirrorIsForwarded() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        try (SocketChannel channel = connect()) {
            String page = send(channel, "GET http://mirror.test:" + registryPort + "/simple/tiny/ HTTP/1.1\r\nHost: mirror.test:"
                    + registryPort + "\r\nConnection: close\r\n\r\n");
            assertThat(page).startsWith("HTTP/1.1 200").contains("tiny-1.0.tar.gz");
        }
    }

    @Test
    void aHostNotOnTheListIsRefused() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        assertThat(connectTo("public.test:443")).startsWith("HTTP/1.1 403").contains("not on the registry allow-list");
        assertThat(plainGet("http://public.test/")).startsWith("HTTP/1.1 403").contains("not on the registry allow-list");
    }

    @Test
    void theHostsOwnServicesAreRefused() throws Exception {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        int port = target.getLocalPort();
        for (String service : List.of("127.0.0.1:5432", "127.0.0.1:6379", "127.0.0.1:8080", "localhost:" + registryPort,
                "mirror.test:5432", "[::1]:" + registryPort, "127.0.0.1:" + port, "localhost:" + port, "mirror.test:" + port)) {
            assertThat(connectTo(service)).as(service).startsWith("HTTP/1.1 403");
        }
        assertThat(plainGet("http://127.0.0.1:" + port + "/")).startsWith("HTTP/1.1 403");
        assertThat(plainGet("http://mirror.test:" + port + "/")).startsWith("HTTP/1.1 403");
        assertNoConnectionReachedTheTarget();
    }

    /** After refusals: none reached the counting listener, which does count a connection the proxy makes. */
    private void assertNoConnectionReachedTheTarget() throws Exception {
        Thread.sleep(200);
        assertThat(targetConnections.get()).isZero();
        proxy.close();
        proxy(List.of("mirror.test:" + target.getLocalPort()), List.of("mirror.test"));
        assertThat(connectTo("mirror.test:" + target.getLocalPort())).startsWith("HTTP/1.1 200");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (targetConnections.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(targetConnections.get()).as("the control connection").isEqualTo(1);
    }

    @Test
    void anIpLiteralIsRefusedUnlessItIsListedItself() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        assertThat(connectTo("127.0.0.1:" + registryPort)).startsWith("HTTP/1.1 403").contains("not on the registry allow-list");
        assertThat(connectTo("0x7f000001:" + registryPort)).startsWith("HTTP/1.1 403");
    }

    @Test
    void aPortThatIsNotAllowedIsRefused() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        assertThat(connectTo("mirror.test:22")).startsWith("HTTP/1.1 403").contains("port 22 is not on the registry allow-list");
    }

    @Test
    void aListedNameThatResolvesToLoopbackOrPrivateOrMetadataIsRefusedWithoutConnecting() throws Exception {
        int port = target.getLocalPort();
        proxy(List.of("rebinding.test:" + port, "metadata.test:80", "internal.test:443"), List.of());
        assertThat(connectTo("rebinding.test:" + port)).startsWith("HTTP/1.1 403")
                .contains("resolves to a local, private or metadata address");
        assertThat(plainGet("http://rebinding.test:" + port + "/")).startsWith("HTTP/1.1 403");
        assertThat(connectTo("metadata.test:80")).startsWith("HTTP/1.1 403").contains("metadata");
        assertThat(connectTo("internal.test:443")).startsWith("HTTP/1.1 403");
        assertThat(plainGet("http://metadata.test/latest/meta-data/")).startsWith("HTTP/1.1 403");
        // the loopback one can be watched (the others are never sent a packet, here or anywhere)
        assertNoConnectionReachedTheTarget();
    }

    @Test
    void eachConnectionIsLoggedWithItsSandboxDestinationBytesAndDurationAndNoCredentials() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        String page;
        try (SocketChannel channel = connect()) {
            send(channel, "CONNECT mirror.test:" + registryPort + " HTTP/1.1\r\nHost: mirror.test:" + registryPort + "\r\n\r\n");
            page = send(channel, "GET /simple/tiny/ HTTP/1.1\r\nHost: mirror.test\r\nConnection: close\r\n\r\n");
        }
        String pod = "sbx-pod-7";
        String password = CREDENTIALS.password(pod);
        String plain = tcp("GET http://mirror.test:" + registryPort + "/simple/tiny/?token=" + "query-secret HTTP/1.1\r\nHost: mirror.test:"
                + registryPort + "\r\nProxy-Authorization: " + basic(pod, password) + "\r\nConnection: close\r\n\r\n");
        assertThat(plain).startsWith("HTTP/1.1 200");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!logText().contains("egress sandbox=" + pod + " destination=") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        String text = logText();
        // the tunnel: the sandbox, where it went, the bytes both ways (the request and the page), how long
        long tunnelBytes = ("GET /simple/tiny/ HTTP/1.1\r\nHost: mirror.test\r\nConnection: close\r\n\r\n").length()
                + page.getBytes(StandardCharsets.ISO_8859_1).length;
        assertThat(text).containsPattern("egress sandbox=sbx-1 destination=mirror.test:" + registryPort + " bytes="
                + tunnelBytes + " duration_ms=\\d+");
        // plain HTTP over TCP: the sandbox known by its credentials, the destination without path or query
        assertThat(text).containsPattern("egress sandbox=" + pod + " destination=mirror.test:" + registryPort
                + " bytes=45 duration_ms=\\d+");
        assertThat(proxy.bytesUsed("sbx-1")).isEqualTo(tunnelBytes);
        assertThat(text).doesNotContain(password).doesNotContain(basic(pod, password).substring(6)).doesNotContain("query-secret");
        // and the sandbox's credentials stay with the proxy: the registry is not sent them
        assertThat(registryHeaders).isNotEmpty().noneMatch(header -> header.toLowerCase().startsWith("proxy-authorization")
                || header.contains(password));
    }

    private String logText() {
        synchronized (logs) {
            return logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(java.util.stream.Collectors.joining("\n"));
        }
    }

    @Test
    void aDownloadOverTheByteBudgetIsCutAndTheNextConnectionRefused() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"), DataSize.ofKilobytes(16));
        try (SocketChannel channel = connect()) {
            assertThat(send(channel, "CONNECT mirror.test:" + registryPort + " HTTP/1.1\r\nHost: mirror.test:" + registryPort + "\r\n\r\n")).startsWith("HTTP/1.1 200");
            byte[] received = readAll(channel, "GET /big HTTP/1.1\r\nHost: mirror.test\r\nConnection: close\r\n\r\n");
            assertThat(received.length).isLessThan(PACKAGE.length);
        }
        assertThat(connectTo("mirror.test:" + registryPort)).startsWith("HTTP/1.1 403").contains("budget");
    }

    @Test
    void aPlainHttpDownloadOverTheByteBudgetIsCutAndTheNextRequestRefused() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"), DataSize.ofKilobytes(16));
        try (SocketChannel channel = connect()) {
            byte[] received = readAll(channel, "GET http://mirror.test:" + registryPort + "/big HTTP/1.1\r\nHost: mirror.test:"
                    + registryPort + "\r\nConnection: close\r\n\r\n");
            assertThat(received.length).isLessThan(PACKAGE.length);
        }
        assertThat(plainGet("http://mirror.test:" + registryPort + "/simple/tiny/")).startsWith("HTTP/1.1 403").contains("budget");
    }

    @Test
    void aQuietTunnelIsCutWhenTheTimeBudgetRunsOutAndTheNextConnectionRefused() throws Exception {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"), DataSize.ofMegabytes(10), Duration.ofSeconds(1));
        try (SocketChannel channel = connect()) {
            assertThat(send(channel, "CONNECT mirror.test:" + registryPort + " HTTP/1.1\r\nHost: mirror.test:" + registryPort
                    + "\r\n\r\n")).startsWith("HTTP/1.1 200");
            // nothing is sent either way; the idle timeout (30 s) is far off
            assertThat(closedWithin(channel, Duration.ofSeconds(5))).isTrue();
        }
        assertThat(connectTo("mirror.test:" + registryPort)).startsWith("HTTP/1.1 403").contains("time budget");
    }

    @Test
    void aStalledPlainHttpDownloadIsCutWhenTheTimeBudgetRunsOut() throws Exception {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"), DataSize.ofMegabytes(10), Duration.ofSeconds(1));
        try (SocketChannel channel = connect()) {
            channel.write(ByteBuffer.wrap(("GET http://mirror.test:" + registryPort + "/stall HTTP/1.1\r\nHost: mirror.test:"
                    + registryPort + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            assertThat(closedWithin(channel, Duration.ofSeconds(5))).isTrue();
        }
        assertThat(plainGet("http://mirror.test:" + registryPort + "/simple/tiny/")).startsWith("HTTP/1.1 403").contains("time budget");
    }

    @Test
    void aClosedSandboxSocketStopsAnswering() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        proxy.close("sbx-1");
        assertThat(Files.exists(socket)).isFalse();
    }

    @Test
    void aMalformedAllowListEntryIsRejectedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistryDestination.parse("https://pypi.org/simple"))
                .hasMessageContaining("is not host or host:port");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistryDestination.parse("pypi.org:99999"))
                .hasMessageContaining("invalid port");
    }

    @Test
    void overTcpASandboxOnAnotherHostIsKnownByItsCredentials() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        String pod = "sbx-pod-1";
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.tcpPort()))) {
            String answer = send(channel, "CONNECT mirror.test:" + registryPort + " HTTP/1.1\r\nHost: mirror.test:" + registryPort
                    + "\r\nProxy-Authorization: " + basic(pod, CREDENTIALS.password(pod)) + "\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 200");
            String page = send(channel, "GET /simple/tiny/ HTTP/1.1\r\nHost: mirror.test\r\nConnection: close\r\n\r\n");
            assertThat(page).startsWith("HTTP/1.1 200").contains("tiny-1.0.tar.gz");
        }
        assertThat(proxy.bytesUsed(pod)).isPositive();
        assertThat(proxy.bytesUsed("sbx-1")).isZero();
        String plain = tcp("GET http://mirror.test:" + registryPort + "/simple/tiny/ HTTP/1.1\r\nHost: mirror.test:" + registryPort
                + "\r\nProxy-Authorization: " + basic(pod, CREDENTIALS.password(pod)) + "\r\nConnection: close\r\n\r\n");
        assertThat(plain).startsWith("HTTP/1.1 200").contains("tiny-1.0.tar.gz");
        // the policy applies over TCP as on a socket
        assertThat(tcp("CONNECT 127.0.0.1:5432 HTTP/1.1\r\nHost: 127.0.0.1:5432\r\nProxy-Authorization: "
                + basic(pod, CREDENTIALS.password(pod)) + "\r\n\r\n")).startsWith("HTTP/1.1 403");
    }

    @Test
    void overTcpNoOrForgedCredentialsAre407AndReachNothing() throws IOException {
        proxy(List.of("mirror.test:" + registryPort), List.of("mirror.test"));
        String connect = "CONNECT mirror.test:" + registryPort + " HTTP/1.1\r\nHost: mirror.test:" + registryPort + "\r\n";
        String anonymous = tcp(connect + "\r\n");
        assertThat(anonymous).startsWith("HTTP/1.1 407").contains("Proxy-Authenticate: Basic")
                .contains("the proxy credentials of a sandbox are required");
        RegistryProxyCredentials otherKey = new RegistryProxyCredentials(SecretCipher.of(
                Base64.getEncoder().encodeToString(new byte[32]), "other key", () -> null, "other key"));
        for (String forged : List.of(basic("sbx-pod-1", "guess"), basic("sbx-pod-1", otherKey.password("sbx-pod-1")),
                basic("sbx-pod-2", CREDENTIALS.password("sbx-pod-1")), basic("sbx-pod-1", ""),
                "Basic not-base64!", "Bearer " + CREDENTIALS.password("sbx-pod-1"),
                "Basic " + Base64.getEncoder().encodeToString(("sbx-pod-1" + CREDENTIALS.password("sbx-pod-1")).getBytes()))) {
            assertThat(tcp(connect + "Proxy-Authorization: " + forged + "\r\n\r\n")).as(forged).startsWith("HTTP/1.1 407");
        }
        assertThat(tcp("GET http://mirror.test:" + registryPort + "/simple/tiny/ HTTP/1.1\r\nHost: mirror.test:" + registryPort
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 407");
        assertThat(proxy.bytesUsed("sbx-pod-1")).isZero();
        assertThat(proxy.bytesUsed("sbx-pod-2")).isZero();
    }

    @Test
    void aTcpListenAddressThatIsNotHostAndPortIsRefusedAtStart() {
        for (String listen : List.of("3128", "0.0.0.0:", "0.0.0.0:http", "0.0.0.0:70000")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SandboxEgressProxy(new RegistryEgressProperties(
                    List.of("pypi.org:443"), List.of(), "https://pypi.org/simple", "https://registry.npmjs.org/",
                    DataSize.ofMegabytes(1), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(1), listen),
                    host -> List.of(), CREDENTIALS)).as(listen).hasMessageContaining("tcp-listen must be HOST:PORT");
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String tcp(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.tcpPort()))) {
            return send(channel, request);
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    private String connectTo(String authority) throws IOException {
        try (SocketChannel channel = connect()) {
            return send(channel, "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
        }
    }

    private String plainGet(String url) throws IOException {
        try (SocketChannel channel = connect()) {
            return send(channel, "GET " + url + " HTTP/1.1\r\nHost: " + java.net.URI.create(url).getRawAuthority() + "\r\nConnection: close\r\n\r\n");
        }
    }

    /** Sends a request and reads one response head and its body (by Content-Length), or until close. */
    private static String send(SocketChannel channel, String request) throws IOException {
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        var in = Channels.newInputStream(channel);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                int length = contentLength(text);
                byte[] body = in.readNBytes(Math.max(length, 0));
                return text + new String(body, StandardCharsets.UTF_8);
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** Whether the proxy closes the connection within {@code limit}: reads whatever comes until the end. */
    private static boolean closedWithin(SocketChannel channel, Duration limit) throws Exception {
        try (var reader = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var end = reader.submit(() -> {
                try {
                    Channels.newInputStream(channel).readAllBytes();
                } catch (IOException reset) {
                    // a reset is a close too
                }
                return true;
            });
            try {
                return end.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillOpen) {
                channel.close();
                return false;
            }
        }
    }

    private static byte[] readAll(SocketChannel channel, String request) throws IOException {
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        try {
            return Channels.newInputStream(channel).readAllBytes();
        } catch (IOException reset) {
            return new byte[0];
        }
    }
}
