package io.codingit.sandbox.egress;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The proxy's answers when it will not carry a request, the same from the CONNECT and the plain-HTTP handler. */
final class EgressRefusals {
    private EgressRefusals() {
    }

    /** A request that names no sandbox: 407 asking for credentials over TCP, 403 on a socket no sandbox holds. */
    static void refuseAnonymous(Request request, Response response, Callback callback) {
        if (EgressAccounts.overTcp(request)) {
            response.getHeaders().put(HttpHeader.PROXY_AUTHENTICATE, "Basic realm=\"codingit registry proxy\"");
            refuse(request, response, callback, 407, "the proxy credentials of a sandbox are required");
        } else {
            refuse(request, response, callback, 403, "this proxy socket belongs to no sandbox");
        }
    }

    /** Answers with the reason as plain text, so pip and npm print it in their error. */
    static void refuse(Request request, Response response, Callback callback, int status, String reason) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.getHeaders().put("Connection", "close");
        Content.Sink.write(response, true, "codingit registry proxy: " + reason + "\n", callback);
    }
}
