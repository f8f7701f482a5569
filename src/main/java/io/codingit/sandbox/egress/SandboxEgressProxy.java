package io.codingit.sandbox.egress;

import io.codingit.llm.HostResolver;
import io.codingit.sandbox.RegistryEgressProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * The host side of {@code egress: registries}: one Jetty server holding one unix-socket connector per
 * sandbox ({@link EgressServer}). Inside the sandbox, {@code 127.0.0.1:3128} is bridged to that socket (by the
 * sandbox's first process), and pip, npm, yarn and uv use it through the proxy variables. The sandbox has no other
 * route out: its network namespace holds only a loopback.
 * <p>
 * Locally the proxy listens on nothing but these sockets, which live in directories only root and the
 * sandbox's own bind mount reach. For sandboxes on other hosts (Kubernetes pods) it can also listen on TCP
 * ({@code codingit.sandbox.registries.tcp-listen}); there every request must carry its sandbox's proxy
 * credentials ({@link RegistryProxyCredentials}), or it is answered 407, and the sandbox's account is kept on
 * the server replica the connection reached.
 * <p>
 * Without TCP, nothing can reach the proxy before a sandbox opens its socket, so its server (Jetty's server and
 * handlers, its threads and the budget clock) starts with the first sandbox rather than with the application.
 * With TCP it starts at once: pods on other hosts may connect at any time.
 */
public final class SandboxEgressProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxEgressProxy.class);

    private final RegistryEgressProperties properties;
    private final EgressPolicy policy;
    private final RegistryProxyCredentials credentials;
    private final Object lifecycle = new Object();
    /** Null until the first sandbox opens its socket (from the start when listening on TCP); set once. */
    private volatile EgressServer server;
    /** Guarded by {@link #lifecycle}: once closed, no server is started any more. */
    private boolean closed;

    /**
     * @param credentials checks the credentials of sandboxes that reach the proxy over TCP; required when
     *                    {@code tcp-listen} is set, else unused
     */
    public SandboxEgressProxy(RegistryEgressProperties properties, HostResolver resolver,
                              RegistryProxyCredentials credentials) {
        this.properties = properties;
        this.credentials = credentials;
        this.policy = new EgressPolicy(properties.hosts(), properties.privateHosts(), resolver);
        if (properties.tcpListen().isBlank()) {
            log.info("Registry egress proxy starts with the first sandbox; sandboxes may reach {}", policy.allowed());
        } else {
            server = new EgressServer(properties, policy, credentials);
        }
    }

    /** The TCP port sandboxes on other hosts connect to, or -1 when the proxy does not listen on TCP. */
    public int tcpPort() {
        EgressServer running = server;
        return running == null ? -1 : running.tcpPort();
    }

    /** The allow-list as {@code host:port} entries. */
    public List<String> allowList() {
        return policy.allowed().stream().map(RegistryDestination::toString).sorted().toList();
    }

    /**
     * Starts listening for one sandbox on {@code socket} (created here; its directory must exist), starting the
     * proxy's server first if no sandbox did yet. The sandbox's account starts empty.
     *
     * @throws IllegalStateException when the server or the socket could not be started (the next sandbox tries again)
     */
    public void open(String sandboxId, Path socket) {
        running().open(sandboxId, socket);
    }

    /** Stops listening for a sandbox; its open connections are closed. Unknown ids are ignored. */
    public void close(String sandboxId) {
        EgressServer running = server;
        if (running != null) {
            running.close(sandboxId);
        }
    }

    /** Bytes a sandbox has moved through this server's proxy so far (0 for an unknown id). */
    public long bytesUsed(String sandboxId) {
        EgressServer running = server;
        return running == null ? 0 : running.bytesUsed(sandboxId);
    }

    /** Whether the proxy's server is running: from the start with TCP, else once a sandbox opened its socket. */
    boolean started() {
        return server != null;
    }

    @Override
    public void close() {
        EgressServer running;
        synchronized (lifecycle) {
            closed = true;
            running = server;
        }
        if (running != null) {
            running.close();
        }
    }

    /** The server, started by the first caller; concurrent first sandboxes wait for that one start. */
    private EgressServer running() {
        EgressServer running = server;
        if (running != null) {
            return running;
        }
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the registry egress proxy is closed");
            }
            if (server == null) {
                server = new EgressServer(properties, policy, credentials);
            }
            return server;
        }
    }
}
