package io.codingit.preview.internal;

import io.codingit.preview.PreviewProperties;
import java.io.IOException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.proxy.ProxyServlet;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * Jetty's asynchronous reverse proxy, pointed at the preview's relay on the host's loopback. Bodies are
 * streamed in both directions (nothing is buffered whole). Whatever is not a live preview with the
 * right secret is 404, the same answer for every reason, so the answer reveals nothing.
 */
class PreviewProxyServlet extends ProxyServlet {
    /** Where Jetty's proxy looks for the executor of its client when no {@code maxThreads} is configured. */
    private static final String SERVER_EXECUTOR = "org.eclipse.jetty.server.Executor";

    private final PreviewRegistry registry;
    private final PreviewProperties properties;
    private final org.springframework.beans.factory.ObjectProvider<io.codingit.sandbox.Sandboxes> sandboxes;

    PreviewProxyServlet(PreviewRegistry registry, PreviewProperties properties,
                        org.springframework.beans.factory.ObjectProvider<io.codingit.sandbox.Sandboxes> sandboxes) {
        this.registry = registry;
        this.properties = properties;
        this.sandboxes = sandboxes;
    }

    /**
     * Outside Jetty there is no server executor to share, and with {@code maxThreads} the proxy would start a
     * pool of platform threads at boot (8 idle threads before any preview exists). Its client runs on
     * virtual threads instead: the attribute is published only while Jetty's {@code init} builds the client.
     */
    @Override
    public void init() throws ServletException {
        VirtualThreadPool executor = new VirtualThreadPool();
        executor.setName("preview-proxy");
        ServletContext context = getServletContext();
        context.setAttribute(SERVER_EXECUTOR, executor);
        try {
            super.init();
        } finally {
            context.removeAttribute(SERVER_EXECUTOR);
        }
    }

    /** The live preview the request's Host names with the right secret, if any. */
    java.util.Optional<Preview> previewFor(HttpServletRequest request) {
        return PreviewHost.parse(request.getHeader("Host"), properties.baseDomain())
                .flatMap(host -> registry.find(host.sandboxId(), host.port(), host.secret()));
    }

    /** A protocol upgrade (a WebSocket) goes through {@link UpgradeRelay}, everything else through Jetty's proxy. */
    void handle(HttpServletRequest request, HttpServletResponse response) throws jakarta.servlet.ServletException, IOException {
        if (!UpgradeRelay.isUpgrade(request)) {
            service(request, response);
            return;
        }
        java.util.Optional<Preview> preview = previewFor(request);
        if (preview.isEmpty()) {
            onProxyRewriteFailed(request, response);
            return;
        }
        UpgradeRelay.relay(request, response, preview.get().relay().hostPort());
    }

    /**
     * Jetty names the proxy in {@code Via} with this machine's host name; the app in the sandbox (and through it
     * anyone) would learn it (security finding 7). A pseudonym is what RFC 9110 allows instead.
     */
    static final String VIA = "1.1 codingit-preview";

    @Override
    protected void addViaHeader(org.eclipse.jetty.client.Request proxyRequest) {
        proxyRequest.headers(headers -> headers.put(org.eclipse.jetty.http.HttpHeader.VIA, VIA));
    }

    @Override
    protected void addViaHeader(HttpServletRequest clientRequest, org.eclipse.jetty.client.Request proxyRequest) {
        addViaHeader(proxyRequest);
    }

    @Override
    protected String filterServerResponseHeader(HttpServletRequest clientRequest, org.eclipse.jetty.client.Response serverResponse,
                                                String headerName, String headerValue) {
        if ("Via".equalsIgnoreCase(headerName)) {
            return null;
        }
        return super.filterServerResponseHeader(clientRequest, serverResponse, headerName, headerValue);
    }

    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        return previewFor(request)
                .map(preview -> "http://127.0.0.1:" + preview.relay().hostPort() + request.getRequestURI()
                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString()))
                .orElse(null);
    }

    /**
     * No live preview: when the URL is a paused sandbox's kept preview, the sandbox is woken up (once, in the
     * background) and the answer is a page that says so and reloads itself until the app answers.
     */
    @Override
    protected void onProxyRewriteFailed(HttpServletRequest request, HttpServletResponse response) {
        java.util.Optional<SleepingPreview> kept = PreviewHost.parse(request.getHeader("Host"), properties.baseDomain())
                .flatMap(host -> registry.sleeping(host.sandboxId(), host.port(), host.secret()));
        if (kept.isPresent()) {
            wake(kept.get());
            wakingPage(kept.get(), response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/plain;charset=UTF-8");
        try {
            response.getWriter().write("No such preview\n");
        } catch (IOException e) {
            // the client went away
        }
    }

    private void wake(SleepingPreview kept) {
        if (kept.phase() != SleepingPreview.Phase.SLEEPING) {
            return;
        }
        io.codingit.sandbox.Sandboxes service = sandboxes.getIfAvailable();
        if (service == null) {
            kept.failed("sandboxes are not available on this server");
            return;
        }
        Thread.ofVirtual().name("preview-wake-" + kept.sandboxId()).start(() -> {
            try {
                // resuming the sandbox starts its app again (SandboxPreviews#resumed), which ends the kept preview
                service.get(kept.ownerId(), kept.sandboxId());
                if (kept.phase() == SleepingPreview.Phase.SLEEPING) {
                    // it was running already (another server resumed it): its app is served from its tag
                    registry.forgetSleeping(kept.sandboxId());
                }
            } catch (io.codingit.common.DomainException e) {
                if (e.kind() == io.codingit.common.DomainException.Kind.NOT_FOUND
                        || e.kind() == io.codingit.common.DomainException.Kind.GONE) {
                    registry.forgetSleeping(kept.sandboxId());
                } else {
                    kept.failed(e.getMessage());
                }
            } catch (RuntimeException e) {
                kept.failed("the sandbox could not be resumed");
            }
        });
    }

    /** 503 with Retry-After and a page that reloads itself every 2 s while the app starts; 502 once it failed. */
    private static void wakingPage(SleepingPreview kept, HttpServletResponse response) {
        boolean failed = kept.phase() == SleepingPreview.Phase.FAILED;
        response.setStatus(failed ? HttpServletResponse.SC_BAD_GATEWAY : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader(io.codingit.sandbox.Sandboxes.RESUMED_HEADER, failed ? "failed" : "waking");
        if (!failed) {
            response.setHeader("Retry-After", "2");
        }
        String body = failed
                ? "<!doctype html><html><head><meta charset=\"utf-8\"><title>Preview could not wake up</title></head><body>"
                + "<h1>This preview could not wake up</h1><p>" + escape(kept.failure()) + "</p></body></html>\n"
                : "<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">"
                + "<title>Waking up…</title></head><body><h1>Waking up…</h1><p>This sandbox was paused. It is being "
                + "resumed and its app is starting; this page reloads by itself until the app answers.</p></body></html>\n";
        try {
            response.getWriter().write(body);
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String escape(String text) {
        return String.valueOf(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
