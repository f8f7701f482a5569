package io.codingit.sandbox.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The HTTP and WebSocket clients every {@link AgentClient} shares: one Jetty {@link HttpClient} (unix
 * sockets and TCP alike, chosen per request by the endpoint's transport) and a WebSocket client on top
 * of it. Created once per provider and closed with it.
 *
 * <p>Unix-socket agents are addressed by a host name of their own ({@link AgentEndpoint#authority()}), which
 * this transport maps to the socket when it opens a connection: Jetty's WebSocket client offers no way to give
 * an upgrade request a transport, but every connection, upgrades included, is made for an {@link Origin}.
 */
public final class AgentTransport implements AutoCloseable {
    private final HttpClient http;
    private final WebSocketClient webSockets;
    private final Map<String, Transport> unixHosts = new ConcurrentHashMap<>();

    public AgentTransport() {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("sandbox-agent-client");
        threads.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        http = new HttpClient(new HttpClientTransportOverHTTP() {
            @Override
            public Origin newOrigin(Request request) {
                Origin origin = super.newOrigin(request);
                Transport unix = unixHosts.get(request.getHost());
                return unix == null ? origin
                        : new Origin(origin.getScheme(), origin.getAddress(), origin.getTag(), origin.getProtocol(), unix);
            }
        });
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(64);
        http.setFollowRedirects(false);
        http.setConnectTimeout(5_000);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the sandbox agent client", e);
        }
        // made after the HTTP client has started, so that it shares its executor and buffers: on a client not
        // yet started, Jetty's WebSocket client makes a thread pool of its own (eight more idle threads)
        webSockets = new WebSocketClient(http);
        webSockets.setMaxBinaryMessageSize(64L * 1024 * 1024);
        webSockets.setMaxTextMessageSize(64L * 1024 * 1024);
        webSockets.setIdleTimeout(java.time.Duration.ZERO);
        try {
            webSockets.start();
        } catch (Exception e) {
            try {
                http.stop();
            } catch (Exception ignored) {
                // already failing; the first cause is the one reported
            }
            throw new IllegalStateException("could not start the sandbox agent client", e);
        }
    }

    /** Makes requests to the endpoint's host name go where the endpoint is (a unix socket). */
    void register(AgentEndpoint endpoint) {
        if (endpoint instanceof AgentEndpoint.Unix unix) {
            unixHosts.put(unix.host(), unix.transport());
        }
    }

    /** Forgets a unix endpoint (its sandbox is gone). */
    void unregister(AgentEndpoint endpoint) {
        if (endpoint instanceof AgentEndpoint.Unix unix) {
            unixHosts.remove(unix.host());
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
