package io.codingit.sandbox.egress;

import io.codingit.sandbox.RegistryEgressProperties;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static io.codingit.sandbox.egress.EgressRefusals.refuse;
import static io.codingit.sandbox.egress.EgressRefusals.refuseAnonymous;

/**
 * Plain-HTTP requests in absolute form ({@code GET http://mirror/simple/x/}), for mirrors served over
 * http. The destination passes the same policy; the client resolves names through it too, so the
 * connection goes only to checked addresses. Response bytes are charged to the sandbox.
 */
final class PlainHttpForward extends Handler.Wrapper {
    // logged as the proxy: operators set its level and read its lines under one name
    private static final Logger log = LoggerFactory.getLogger(SandboxEgressProxy.class);
    private static final String UPSTREAM_REQUEST = "egress-upstream-request";

    private final EgressAccounts accounts;
    private final EgressPolicy policy;
    private final BudgetClock budgetClock;

    PlainHttpForward(RegistryEgressProperties properties, EgressPolicy policy, EgressAccounts accounts,
                     BudgetClock budgetClock) {
        this.accounts = accounts;
        this.policy = policy;
        this.budgetClock = budgetClock;
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

            @Override
            protected void sendProxyToServerRequest(Request clientToProxyRequest,
                                                    org.eclipse.jetty.client.Request proxyToServerRequest,
                                                    Response proxyToClientResponse, Callback proxyToClientCallback) {
                if (clientToProxyRequest.getAttribute(UPSTREAM_REQUEST) instanceof AtomicReference<?> upstream) {
                    @SuppressWarnings("unchecked")
                    var request = (AtomicReference<org.eclipse.jetty.client.Request>) upstream;
                    request.set(proxyToServerRequest);
                }
                super.sendProxyToServerRequest(clientToProxyRequest, proxyToServerRequest, proxyToClientResponse,
                        proxyToClientCallback);
            }
        };
        setHandler(forward);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        EgressAccount account = accounts.of(request);
        HttpURI uri = request.getHttpURI();
        if (account == null) {
            refuseAnonymous(request, response, callback);
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
        // cutting closes the sandbox's connection and aborts the request to the registry (which may be quiet)
        EndPoint downstream = request.getConnectionMetaData().getConnection().getEndPoint();
        AtomicReference<org.eclipse.jetty.client.Request> upstream = new AtomicReference<>();
        request.setAttribute(UPSTREAM_REQUEST, upstream);
        ProxiedConnection connection = new ProxiedConnection(budgetClock, account, uri.getHost() + ":" + port, () -> {
            downstream.close();
            org.eclipse.jetty.client.Request toRegistry = upstream.get();
            if (toRegistry != null) {
                toRegistry.abort(new IOException("the sandbox's registry budget is spent"));
            }
        });
        Response counting = new Response.Wrapper(request, response) {
            @Override
            public void write(boolean last, ByteBuffer content, Callback writeCallback) {
                if (content != null) {
                    // over budget the sandbox's connection is closed here, so this write fails as on any
                    // connection gone (and the forward proxy aborts the download)
                    connection.charge(content.remaining());
                }
                super.write(last, content, writeCallback);
            }
        };
        return super.handle(request, counting, Callback.from(callback, connection::closed));
    }
}
