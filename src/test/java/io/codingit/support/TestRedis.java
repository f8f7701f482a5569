package io.codingit.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Redis that tests use: {@code CODINGIT_TEST_REDIS_URL} ({@code .ci/run} points it at the
 * machine's Redis), else the one on localhost:6379. Tests that need it call {@link #assumeAvailable()}:
 * when it does not answer they fail under {@code CI=true} and are reported as skipped elsewhere
 * ({@link Prerequisites}). Every test run gets its own key prefix so that parallel runs against one
 * Redis never share keys.
 */
public final class TestRedis {
    public static final String ENV = "CODINGIT_TEST_REDIS_URL";
    /** Unique per JVM: prefix every key a test writes with it. */
    public static final String KEY_PREFIX = "codingit-test:" + UUID.randomUUID() + ":";
    private static volatile Boolean reachable;

    private TestRedis() {
    }

    public static final String LOCALHOST = "redis://127.0.0.1:6379";

    public static String url() {
        String url = System.getenv(ENV);
        return url == null || url.isBlank() ? LOCALHOST : url.trim();
    }

    public static boolean available() {
        if (reachable == null) {
            reachable = answersPing(URI.create(url()));
        }
        return reachable;
    }

    public static void assumeAvailable() {
        Prerequisites.require(available(), "Redis at " + url() + " (" + ENV + ", else localhost) does not answer PING",
                Prerequisites.REDIS_PACKAGES);
    }

    /** A local port on which nothing listens: connecting there is refused at once. */
    public static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean answersPing(URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            String userInfo = uri.getUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                String password = userInfo.substring(userInfo.indexOf(':') + 1);
                out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write("PING\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] buffer = new byte[64];
            InputStream in = socket.getInputStream();
            int n = in.read(buffer);
            return n > 0 && new String(buffer, 0, n, StandardCharsets.UTF_8).contains("PONG");
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
