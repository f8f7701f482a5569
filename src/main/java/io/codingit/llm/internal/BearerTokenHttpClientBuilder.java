package io.codingit.llm.internal;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets LangChain4j's Gemini client speak to Vertex AI, whose wire format is the same but whose
 * authentication is an OAuth access token: the key the client puts in {@code x-goog-api-key} is
 * moved into {@code Authorization: Bearer ...} (the header is removed, so the token is sent once).
 */
final class BearerTokenHttpClientBuilder implements HttpClientBuilder {
    static final String GEMINI_KEY_HEADER = "x-goog-api-key";

    private final HttpClientBuilder delegate;

    BearerTokenHttpClientBuilder(HttpClientBuilder delegate) {
        this.delegate = delegate;
    }

    @Override
    public Duration connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        delegate.connectTimeout(timeout);
        return this;
    }

    @Override
    public Duration readTimeout() {
        return delegate.readTimeout();
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        delegate.readTimeout(timeout);
        return this;
    }

    @Override
    public HttpClient build() {
        HttpClient client = delegate.build();
        return new HttpClient() {
            @Override
            public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
                return client.execute(withBearerToken(request));
            }

            @Override
            public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
                client.execute(withBearerToken(request), parser, listener);
            }
        };
    }

    static HttpRequest withBearerToken(HttpRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String token = null;
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase(GEMINI_KEY_HEADER)) {
                token = header.getValue().isEmpty() ? null : header.getValue().getFirst();
            } else {
                headers.put(header.getKey(), header.getValue());
            }
        }
        if (token != null) {
            headers.put("Authorization", List.of("Bearer " + token));
        }
        return HttpRequest.builder()
                .method(request.method())
                .url(request.url())
                .headers(headers)
                .body(request.body())
                .build();
    }
}
