package io.codingit.sandbox.agent;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The HTTP and WebSocket clients every {@link AgentClient} shares: one Jetty {@link HttpClient} (unix
 * sockets and TCP alike, chosen per request by the endpoint's transport) and a WebSocket client on top
 * of it. Created once per provider and closed with it.
 */
public final class AgentTransport implements AutoCloseable {
    private final HttpClient http;
    private final WebSocketClient webSockets;

    public AgentTransport() {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("sandbox-agent-client");
        threads.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(64);
        http.setFollowRedirects(false);
        http.setConnectTimeout(5_000);
        webSockets = new WebSocketClient(http);
        webSockets.setMaxBinaryMessageSize(64L * 1024 * 1024);
        webSockets.setMaxTextMessageSize(64L * 1024 * 1024);
        webSockets.setIdleTimeout(java.time.Duration.ZERO);
        try {
            http.start();
            webSockets.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the sandbox agent client", e);
        }
    }

    HttpClient http() {
        return http;
    }

    WebSocketClient webSockets() {
        return webSockets;
    }

    @Override
    public void close() {
        try {
            webSockets.stop();
            http.stop();
        } catch (Exception e) {
            // shutting down; nothing left to release
        }
    }
}
