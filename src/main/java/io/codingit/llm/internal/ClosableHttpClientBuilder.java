package io.codingit.llm.internal;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * A JDK {@link HttpClient.Builder} that remembers the client LangChain4j builds from it, so that the
 * stream can {@link HttpClient#shutdownNow() shut it down}: LangChain4j's own cancel handle is only
 * reachable from inside a callback, and a silent upstream never calls back. Shutting the per-request
 * client down aborts the exchange and closes its connection at once.
 */
final class ClosableHttpClientBuilder implements HttpClient.Builder {
    private final HttpClient.Builder delegate;
    private volatile HttpClient built;

    ClosableHttpClientBuilder(Executor executor) {
        // Never follow redirects: a redirect must not lead around the outbound URL policy.
        this.delegate = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor);
    }

    void shutdownNow() {
        HttpClient client = built;
        if (client != null) {
            client.shutdownNow();
        }
    }

    @Override
    public HttpClient build() {
        HttpClient client = delegate.build();
        built = client;
        return client;
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
        delegate.cookieHandler(cookieHandler);
        return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
        delegate.connectTimeout(duration);
        return this;
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
        delegate.sslContext(sslContext);
        return this;
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
        delegate.sslParameters(sslParameters);
        return this;
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
        delegate.executor(executor);
        return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
        // Ignored on purpose: redirects stay off whatever a library asks for.
        return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
        delegate.version(version);
        return this;
    }

    @Override
    public HttpClient.Builder priority(int priority) {
        delegate.priority(priority);
        return this;
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
        delegate.proxy(proxySelector);
        return this;
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
        delegate.authenticator(authenticator);
        return this;
    }
}
