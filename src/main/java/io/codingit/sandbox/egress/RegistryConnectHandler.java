package io.codingit.sandbox.egress;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ConcurrentMap;

import static io.codingit.sandbox.egress.EgressRefusals.refuse;
import static io.codingit.sandbox.egress.EgressRefusals.refuseAnonymous;

/** CONNECT tunnels for HTTPS, to checked addresses only, with bytes and time charged to the sandbox. */
final class RegistryConnectHandler extends ConnectHandler {
    // logged as the proxy: operators set its level and read its lines under one name
    private static final Logger log = LoggerFactory.getLogger(SandboxEgressProxy.class);
    private static final String CONNECTION = "egress-connection";

    private final EgressPolicy policy;
    private final EgressAccounts accounts;
    private final BudgetClock budgetClock;

    RegistryConnectHandler(EgressPolicy policy, EgressAccounts accounts, BudgetClock budgetClock) {
        this.policy = policy;
        this.accounts = accounts;
        this.budgetClock = budgetClock;
    }

    @Override
    protected void handleConnect(Request request, Response response, Callback callback, String serverAddress) {
        EgressAccount account = accounts.of(request);
        if (account == null) {
            log.info("egress destination={} refused: no sandbox named", serverAddress);
            refuseAnonymous(request, response, callback);
            return;
        }
        String overBudget = account.overBudget(0);
        if (overBudget != null) {
            log.info("egress sandbox={} destination={} refused: {}", account.sandboxId(), serverAddress, overBudget);
            refuse(request, response, callback, 403, overBudget);
            return;
        }
        super.handleConnect(request, response, callback, serverAddress);
    }

    @Override
    protected void connectToServer(Request request, String host, int port, Promise<SocketChannel> promise) {
        EgressAccount account = accounts.of(request);
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
        // (Jetty prepares the tunnel's context only after this, so the account is looked up here)
        EgressAccount account = accounts.of(connectContext.getRequest());
        if (account != null) {
            // cutting a tunnel closes both of its ends
            connectContext.getContext().put(CONNECTION, new ProxiedConnection(budgetClock, account,
                    connectContext.getRequest().getHttpURI().getAuthority(), () -> {
                endPoint.close();
                connectContext.getEndPoint().close();
            }));
        }
        return new UpstreamConnection(endPoint, getExecutor(), getByteBufferPool(), connectContext) {
            @Override
            public void onClose(Throwable cause) {
                super.onClose(cause);
                if (getContext().get(CONNECTION) instanceof ProxiedConnection connection) {
                    connection.closed();
                }
            }
        };
    }

    @Override
    protected int read(EndPoint endPoint, ByteBuffer buffer, ConcurrentMap<String, Object> context) throws IOException {
        int read = super.read(endPoint, buffer, context);
        if (read > 0 && context.get(CONNECTION) instanceof ProxiedConnection connection) {
            String overBudget = connection.charge(read);
            if (overBudget != null) {
                throw new IOException(overBudget);
            }
        }
        return read;
    }

    private String sandboxOf(Request request) {
        EgressAccount account = accounts.of(request);
        return account == null ? "?" : account.sandboxId();
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
