package io.codingit.sandbox.egress;

import io.codingit.sandbox.RegistryEgressProperties;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The running part of {@link SandboxEgressProxy}: one Jetty server holding one unix-socket connector per sandbox
 * (and the TCP connector, when it listens for sandboxes on other hosts), its handlers, the sandboxes'
 * {@link EgressAccounts} and the {@link BudgetClock}. Built and started as one, when the proxy is first needed.
 * <p>
 * HTTPS goes through {@code CONNECT} tunnels ({@link RegistryConnectHandler}); plain-HTTP mirrors through
 * Jetty's forward proxy ({@link PlainHttpForward}). Both ask {@link EgressPolicy} first and connect only to the
 * addresses it checked. Every connection is logged per sandbox (destination, bytes, duration), and
 * charged to the sandbox's {@link EgressAccount} (a {@link ProxiedConnection}).
 */
final class EgressServer implements AutoCloseable {
    // logged as the proxy: operators set its level and read its lines under one name
    private static final Logger log = LoggerFactory.getLogger(SandboxEgressProxy.class);

    private final RegistryEgressProperties properties;
    private final Server server;
    private final Map<String, UnixDomainServerConnector> connectors = new ConcurrentHashMap<>();
    private final EgressAccounts accounts;
    private final ServerConnector tcp;
    private final BudgetClock budgetClock;

    /**
     * Builds and starts the server, listening on TCP when {@code tcp-listen} is set.
     *
     * @param credentials checks the credentials of sandboxes that reach the proxy over TCP; required when
     *                    {@code tcp-listen} is set, else unused
     * @throws IllegalStateException when the server could not start (nothing is left running)
     */
    EgressServer(RegistryEgressProperties properties, EgressPolicy policy, RegistryProxyCredentials credentials) {
        this.properties = properties;
        this.accounts = new EgressAccounts(properties, credentials);
        // each sandbox's connector holds one selector thread (accepting on the selector, no acceptor thread);
        // connections themselves are served on virtual threads, so the ceiling only bounds live sandboxes
        QueuedThreadPool threads = new QueuedThreadPool(4096, 2);
        threads.setName("sandbox-egress");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server = new Server(threads);
        server.setStopTimeout(1000);
        this.tcp = properties.tcpListen().isBlank() ? null : tcpConnector(properties.tcpListen(), credentials);
        // made after the TCP address was read: a malformed one leaves no clock thread behind
        this.budgetClock = new BudgetClock(properties.timeBudget());
        RegistryConnectHandler connect = new RegistryConnectHandler(policy, accounts, budgetClock);
        connect.setConnectTimeout(properties.connectTimeout().toMillis());
        connect.setIdleTimeout(properties.idleTimeout().toMillis());
        connect.setHandler(new PlainHttpForward(properties, policy, accounts, budgetClock));
        server.setHandler(connect);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the registry egress proxy could not start", e);
        }
        log.info("Registry egress proxy ready; sandboxes may reach {}{}", policy.allowed(),
                tcp == null ? "" : "; sandboxes on other hosts connect on TCP port " + tcp.getLocalPort());
    }

    private ServerConnector tcpConnector(String listen, RegistryProxyCredentials credentials) {
        if (credentials == null) {
            throw new IllegalArgumentException("the registry proxy listens on TCP only with sandbox credentials");
        }
        int colon = listen.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("codingit.sandbox.registries.tcp-listen must be HOST:PORT, not '" + listen + "'");
        }
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setName(EgressAccounts.TCP_CONNECTOR);
        String host = listen.substring(0, colon);
        connector.setHost(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
        connector.setPort(port);
        connector.setIdleTimeout(properties.idleTimeout().toMillis());
        server.addConnector(connector);
        return connector;
    }

    /** The TCP port sandboxes on other hosts connect to, or -1 when the proxy does not listen on TCP. */
    int tcpPort() {
        return tcp == null ? -1 : tcp.getLocalPort();
    }

    /**
     * Starts listening for one sandbox on {@code socket} (created here; its directory must exist). The
     * sandbox's account starts empty.
     */
    void open(String sandboxId, Path socket) {
        accounts.open(sandboxId);
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
            accounts.forget(sandboxId);
            throw new IllegalStateException("the registry proxy socket for a sandbox could not be opened", e);
        }
        connectors.put(sandboxId, connector);
    }

    /** Stops listening for a sandbox; its open connections are closed. Unknown ids are ignored. */
    void close(String sandboxId) {
        UnixDomainServerConnector connector = connectors.remove(sandboxId);
        accounts.forget(sandboxId);
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

    /** Bytes a sandbox has moved through this server's proxy so far (0 for an unknown id). */
    long bytesUsed(String sandboxId) {
        return accounts.bytesUsed(sandboxId);
    }

    @Override
    public void close() {
        budgetClock.close();
        try {
            server.stop();
        } catch (Exception e) {
            log.debug("stopping the registry egress proxy failed", e);
        }
    }
}
