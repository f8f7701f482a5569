package io.codingit.llm.internal;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j's HTTP client over <em>one shared</em> JDK {@link java.net.http.HttpClient}, per request
 * only this thin object and an {@link UpstreamCall}. It replaces LangChain4j's {@code JdkHttpClient}
 * for two reasons:
 * <ul>
 *   <li>{@code JdkHttpClient} reads the streamed body, blocking, inside a completion stage of
 *       {@code sendAsync}, which the JDK runs on the common {@code ForkJoinPool}: that pool blocks at
 *       most 256 spare threads, so stream 258 and later waited for a free reader until the first-token
 *       timeout (the 229-of-500 result in docs/benchmarks.md). Here each request is read on its own
 *       virtual thread;</li>
 *   <li>a JDK client per request (so that it could be shut down to cancel) cost a platform selector
 *       thread and a new connection per stream; here {@link UpstreamCall#cancel()} cancels exactly one
 *       request while the client, its selector thread and its keep-alive connections are shared.</li>
 * </ul>
 * Keys and base URLs stay per request: they are in the request's headers and URL. The shared client
 * never follows redirects ({@link LlmConfiguration}).
 */
final class SharedJdkHttpClient implements HttpClient {
    /** An error response is read for its status and for "limit"/"overloaded"; more than this is not needed. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final java.net.http.HttpClient jdk;
    private final Duration requestTimeout;
    private final UpstreamCall call;

    SharedJdkHttpClient(java.net.http.HttpClient jdk, Duration requestTimeout, UpstreamCall call) {
        this.jdk = jdk;
        this.requestTimeout = requestTimeout;
        this.call = call;
    }

    /** What LangChain4j's model builders configure; the read timeout becomes the whole request's timeout. */
    static final class Builder implements HttpClientBuilder {
        private final java.net.http.HttpClient jdk;
        private final UpstreamCall call;
        private Duration connectTimeout;
        private Duration readTimeout;

        Builder(java.net.http.HttpClient jdk, UpstreamCall call, Duration requestTimeout) {
            this.jdk = jdk;
            this.call = call;
            this.readTimeout = requestTimeout;
            this.connectTimeout = jdk.connectTimeout().orElse(null);
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        /** Kept for the builders that read it back; the shared client's own connect timeout applies. */
        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new SharedJdkHttpClient(jdk, readTimeout, call);
        }
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            HttpResponse<String> response = jdk.send(toJdk(request), HttpResponse.BodyHandlers.ofString());
            if (!successful(response.statusCode())) {
                throw new HttpException(response.statusCode(), response.body());
            }
            return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                    .headers(response.headers().map()).body(response.body()).build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        java.net.http.HttpRequest jdkRequest = toJdk(request);
        call.start(() -> stream(jdkRequest, parser, listener));
    }

    /** On the call's virtual thread: send, then parse the body as it arrives until it ends or is cancelled. */
    private void stream(java.net.http.HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        try {
            HttpResponse<InputStream> response = jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = call.attach(response.body())) {
                if (!successful(response.statusCode())) {
                    String text = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                    notify(() -> listener.onError(new HttpException(response.statusCode(), text)));
                    return;
                }
                SuccessfulHttpResponse head = SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                        .headers(response.headers().map()).build();
                notify(() -> listener.onOpen(head));
                parser.parse(body, listener); // reports read failures to the listener itself
                notify(listener::onClose);
            }
        } catch (HttpTimeoutException e) {
            failUnlessCancelled(listener, new TimeoutException(e));
        } catch (IOException e) {
            failUnlessCancelled(listener, e);
        } catch (InterruptedException e) {
            failUnlessCancelled(listener, e);
        }
    }

    private void failUnlessCancelled(ServerSentEventListener listener, Throwable error) {
        if (!call.cancelled()) {
            notify(() -> listener.onError(error));
        }
    }

    /** A listener that throws must not take the reading thread down with it (as in LangChain4j's own clients). */
    private static void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException ignored) {
            // the listener's own failure; the stream's consumer learns of the end through its timeouts
        }
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("multipart requests are not used by the chat providers");
        }
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .method(request.method().name(), request.body() == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (header.getValue() != null) {
                for (String value : header.getValue()) {
                    builder.header(header.getKey(), value);
                }
            }
        }
        if (requestTimeout != null) {
            builder.timeout(requestTimeout);
        }
        return builder.build();
    }

    private static boolean successful(int status) {
        return status >= 200 && status < 300;
    }
}
