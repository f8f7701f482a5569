package io.codingit.sandbox.egress;

import io.codingit.llm.HostResolver;
import io.codingit.sandbox.RegistryEgressProperties;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host side of {@code egress: registries}: one Jetty server holding one unix-socket connector per
 * sandbox. Inside the sandbox, {@code 127.0.0.1:3128} is bridged to that socket (by the sandbox's first
 * process), and pip, npm, yarn and uv use it through the proxy variables. The sandbox has no other route
 * out: its network namespace holds only a loopback.
 * <p>
 * HTTPS goes through {@code CONNECT} tunnels (Jetty's {@link ConnectHandler}); plain-HTTP mirrors through
 * Jetty's forward {@link ProxyHandler}. Both ask {@link EgressPolicy} first and connect only to the
 * addresses it checked. Every connection is logged per sandbox (destination, bytes, duration), and
 * charged to the sandbox's {@link EgressAccount}.
 * <p>
 * The proxy listens on nothing but these sockets, which live in directories only root and the sandbox's
 * own bind mount reach; nothing on the host's network can use it.
 */
public final class SandboxEgressProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxEgressProxy.class);
    private static final String ACCOUNT = "egress-account";
    private static final String DESTINATION = "egress-destination";
    private static final String OPENED = "egress-opened";
    private static final String BYTES = "egress-bytes";

    private final RegistryEgressProperties properties;
    private final EgressPolicy policy;
    private final Server server;
    private final Map<String, UnixDomainServerConnector> connectors = new ConcurrentHashMap<>();
    private final Map<String, EgressAccount> accounts = new ConcurrentHashMap<>();

    public SandboxEgressProxy(RegistryEgressProperties properties, HostResolver resolver) {
        this.properties = properties;
        this.policy = new EgressPolicy(properties.hosts(), properties.privateHosts(), resolver);
        // each sandbox's connector holds one selector thread (accepting on the selector, no acceptor thread);
        // connections themselves are served on virtual threads, so the ceiling only bounds live sandboxes
        QueuedThreadPool threads = new QueuedThreadPool(4096, 2);
        threads.setName("sandbox-egress");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server = new Server(threads);
        RegistryConnectHandler connect = new RegistryConnectHandler();
        connect.setConnectTimeout(properties.connectTimeout().toMillis());
        connect.setIdleTimeout(properties.idleTimeout().toMillis());
        connect.setHandler(new PlainHttpForward());
        server.setHandler(connect);
        server.setStopTimeout(1000);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the registry egress proxy could not start", e);
        }
        log.info("Registry egress proxy ready; sandboxes may reach {}", policy.allowed());
    }

    /** The allow-list as {@code host:port} entries. */
    public List<String> allowList() {
        return policy.allowed().stream().map(RegistryDestination::toString).sorted().toList();
    }

    /**
     * Starts listening for one sandbox on {@code socket} (created here; its directory must exist). The
     * sandbox's account starts empty.
     */
    public void open(String sandboxId, Path socket) {
        accounts.put(sandboxId, new EgressAccount(sandboxId, properties.byteBudget().toBytes(), properties.timeBudget()));
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, 0, 1);
        connector.setName(sandboxId);
        connector.setUnixDomainPath(socket);
        connector.setIdleTimeout(properties.idleTimeout().toMillis());
        try {
            Files.deleteIfExists(socket);
            server.addConnector(connector);
            connector.start();
        } catch (Exception e) {
            server.removeConnector(connector);
            accounts.remove(sandboxId);
            throw new IllegalStateException("the registry proxy socket for a sandbox could not be opened", e);
        }
        connectors.put(sandboxId, connector);
    }

    /** Stops listening for a sandbox; its open connections are closed. Unknown ids are ignored. */
    public void close(String sandboxId) {
        UnixDomainServerConnector connector = connectors.remove(sandboxId);
        accounts.remove(sandboxId);
        if (connector == null) {
            return;
        }
        try {
            connector.stop();
        } catch (Exception e) {
            log.debug("closing a sandbox's registry proxy socket failed", e);
        }
        server.removeConnector(connector);
        try {
            Files.deleteIfExists(connector.getUnixDomainPath());
        } catch (IOException ignored) {
            // the sandbox directory is removed with the sandbox
        }
    }

    /** Bytes a sandbox has moved through the proxy so far (0 for an unknown id). */
    public long bytesUsed(String sandboxId) {
        EgressAccount account = accounts.get(sandboxId);
        return account == null ? 0 : account.bytes();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("stopping the registry egress proxy failed", e);
        }
    }

    private EgressAccount accountOf(Request request) {
        String name = request.getConnectionMetaData().getConnector().getName();
        return name == null ? null : accounts.get(name);
    }

    /** Answers with the reason as plain text, so pip and npm print it in their error. */
    private static void refuse(Request request, Response response, Callback callback, int status, String reason) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.getHeaders().put("Connection", "close");
        Content.Sink.write(response, true, "codingit registry proxy: " + reason + "\n", callback);
    }

    /** CONNECT tunnels for HTTPS, to checked addresses only, with bytes and time charged to the sandbox. */
    private final class RegistryConnectHandler extends ConnectHandler {
        @Override
        protected void handleConnect(Request request, Response response, Callback callback, String serverAddress) {
            EgressAccount account = accountOf(request);
            String overBudget = account == null ? "this proxy socket belongs to no sandbox" : account.overBudget(0);
            if (overBudget != null) {
                log.info("egress sandbox={} destination={} refused: {}", account == null ? "?" : account.sandboxId(),
                        serverAddress, overBudget);
                refuse(request, response, callback, 403, overBudget);
                return;
            }
            super.handleConnect(request, response, callback, serverAddress);
        }

        @Override
        protected void prepareContext(Request request, ConcurrentMap<String, Object> context) {
            context.put(ACCOUNT, accountOf(request));
            context.put(OPENED, System.nanoTime());
            context.put(BYTES, new AtomicLong());
        }

        @Override
        protected void connectToServer(Request request, String host, int port, Promise<SocketChannel> promise) {
            EgressAccount account = accountOf(request);
            SocketChannel channel = null;
            try {
                List<InetAddress> addresses = policy.check(host, port);
                channel = SocketChannel.open();
                channel.socket().setTcpNoDelay(true);
                channel.configureBlocking(false);
                channel.connect(new InetSocketAddress(addresses.getFirst(), port));
                promise.succeeded(channel);
            } catch (EgressRefusedException refused) {
                log.info("egress sandbox={} destination={}:{} refused: {}", account.sandboxId(), host, port,
                        refused.getMessage());
                closeQuietly(channel);
                promise.failed(refused);
            } catch (Throwable failure) {
                closeQuietly(channel);
                promise.failed(failure);
            }
        }

        @Override
        protected void onConnectFailure(Request request, Response response, Callback callback, Throwable failure) {
            if (failure instanceof EgressRefusedException refused) {
                refuse(request, response, callback, 403, refused.getMessage());
            } else {
                log.info("egress sandbox={} destination={} failed: {}", sandboxOf(request),
                        request.getHttpURI().getAuthority(), failure.toString());
                refuse(request, response, callback, 502, "the registry could not be reached");
            }
        }

        @Override
        protected UpstreamConnection newUpstreamConnection(EndPoint endPoint, ConnectContext connectContext) {
            connectContext.getContext().put(DESTINATION, connectContext.getRequest().getHttpURI().getAuthority());
            return new UpstreamConnection(endPoint, getExecutor(), getByteBufferPool(), connectContext) {
                @Override
                public void onClose(Throwable cause) {
                    super.onClose(cause);
                    logClosed(getContext());
                }
            };
        }

        @Override
        protected int read(EndPoint endPoint, ByteBuffer buffer, ConcurrentMap<String, Object> context) throws IOException {
            int read = super.read(endPoint, buffer, context);
            EgressAccount account = (EgressAccount) context.get(ACCOUNT);
            if (read > 0 && account != null) {
                account.chargeBytes(read);
                ((AtomicLong) context.get(BYTES)).addAndGet(read);
                String overBudget = account.overBudget(System.nanoTime() - (long) context.get(OPENED));
                if (overBudget != null) {
                    log.info("egress sandbox={} destination={} closed: {}", account.sandboxId(), context.get(DESTINATION),
                            overBudget);
                    throw new IOException(overBudget);
                }
            }
            return read;
        }

        private void logClosed(ConcurrentMap<String, Object> context) {
            EgressAccount account = (EgressAccount) context.get(ACCOUNT);
            Object opened = context.remove(OPENED);
            if (account == null || opened == null) {
                return;
            }
            long openNanos = System.nanoTime() - (long) opened;
            account.chargeClosedConnection(openNanos);
            log.info("egress sandbox={} destination={} bytes={} duration_ms={}", account.sandboxId(),
                    context.get(DESTINATION), context.get(BYTES), openNanos / 1_000_000);
        }

        private String sandboxOf(Request request) {
            EgressAccount account = accountOf(request);
            return account == null ? "?" : account.sandboxId();
        }
    }

    /**
     * Plain-HTTP requests in absolute form ({@code GET http://mirror/simple/x/}), for mirrors served over
     * http. The destination passes the same policy; the client resolves names through it too, so the
     * connection goes only to checked addresses. Response bytes are charged to the sandbox.
     */
    private final class PlainHttpForward extends Handler.Wrapper {
        PlainHttpForward() {
            ProxyHandler.Forward forward = new ProxyHandler.Forward() {
                @Override
                protected HttpClient newHttpClient() {
                    HttpClient client = new HttpClient();
                    // one platform thread kept while idle, work on virtual threads (Jetty's default: a pool
                    // of its own holding eight idle threads from start-up on, mostly unused: mirrors are rare)
                    QueuedThreadPool clientThreads = new QueuedThreadPool(200, 1);
                    clientThreads.setName("sandbox-egress-client");
                    clientThreads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
                    client.setExecutor(clientThreads);
                    client.setFollowRedirects(false);
                    client.setSocketAddressResolver((host, port, context, promise) -> {
                        try {
                            promise.succeeded(policy.check(host, port).stream()
                                    .map(address -> new InetSocketAddress(address, port)).toList());
                        } catch (EgressRefusedException refused) {
                            promise.failed(refused);
                        }
                    });
                    client.setConnectTimeout(properties.connectTimeout().toMillis());
                    client.setIdleTimeout(properties.idleTimeout().toMillis());
                    return client;
                }
            };
            setHandler(forward);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            EgressAccount account = accountOf(request);
            HttpURI uri = request.getHttpURI();
            if (account == null) {
                refuse(request, response, callback, 403, "this proxy socket belongs to no sandbox");
                return true;
            }
            if (HttpMethod.CONNECT.is(request.getMethod()) || !uri.isAbsolute() || !"http".equalsIgnoreCase(uri.getScheme())) {
                refuse(request, response, callback, 400, "the registry proxy takes CONNECT for https and absolute http:// URLs");
                return true;
            }
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            String overBudget = account.overBudget(0);
            try {
                if (overBudget != null) {
                    throw new EgressRefusedException(overBudget);
                }
                policy.check(uri.getHost(), port);
            } catch (EgressRefusedException refused) {
                log.info("egress sandbox={} destination={}:{} refused: {}", account.sandboxId(), uri.getHost(), port,
                        refused.getMessage());
                refuse(request, response, callback, 403, refused.getMessage());
                return true;
            }
            long opened = System.nanoTime();
            AtomicLong bytes = new AtomicLong();
            Response counting = new Response.Wrapper(request, response) {
                @Override
                public void write(boolean last, ByteBuffer content, Callback writeCallback) {
                    if (content != null) {
                        account.chargeBytes(content.remaining());
                        bytes.addAndGet(content.remaining());
                    }
                    super.write(last, content, writeCallback);
                }
            };
            Callback logging = Callback.from(callback, () -> {
                long openNanos = System.nanoTime() - opened;
                account.chargeClosedConnection(openNanos);
                log.info("egress sandbox={} destination={}:{} bytes={} duration_ms={}", account.sandboxId(),
                        uri.getHost(), port, bytes.get(), openNanos / 1_000_000);
            });
            return super.handle(request, counting, logging);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was sent on it
            }
        }
    }
}
