package io.codingit.chat;

import com.sun.net.httpserver.HttpServer;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security finding 4: image URLs are fetched by the server itself, once, without following redirects and
 * with a size cap, and the provider receives only the image's bytes as a {@code data:} URL. The image host
 * is a real server on 127.0.0.2 (allow-listed in this context); the "internal" service that a redirect points
 * to is a real server on 127.0.0.1, which must never be asked.
 */
@ChatTest
class ImageUrlsTest {
    static final FakeLlmServer provider = new FakeLlmServer();
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3};
    static HttpServer images;
    static HttpServer internal;
    static final AtomicInteger imageRequests = new AtomicInteger();
    static final AtomicInteger internalRequests = new AtomicInteger();

    @LocalServerPort
    int port;
    ChatClient chat;

    @BeforeAll
    static void start() throws IOException {
        internal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        internal.createContext("/", exchange -> {
            internalRequests.incrementAndGet();
            byte[] secret = "internal secret".getBytes();
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, secret.length);
            exchange.getResponseBody().write(secret);
            exchange.close();
        });
        internal.start();
        images = HttpServer.create(new InetSocketAddress(InetAddress.getByName(FakeLlmServer.HOST), 0), 0);
        images.createContext("/", exchange -> {
            imageRequests.incrementAndGet();
            switch (exchange.getRequestURI().getPath()) {
                case "/cat.png" -> {
                    exchange.getResponseHeaders().set("Content-Type", "image/png");
                    exchange.sendResponseHeaders(200, PNG.length);
                    exchange.getResponseBody().write(PNG);
                }
                case "/redirect.png" -> {
                    exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + internal.getAddress().getPort() + "/metadata");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/huge.png" -> {
                    exchange.getResponseHeaders().set("Content-Type", "image/png");
                    exchange.sendResponseHeaders(200, 0); // chunked: the size is known only by reading
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        for (int i = 0; i < 200; i++) {
                            exchange.getResponseBody().write(chunk);
                        }
                    } catch (IOException clientStopped) {
                        // the server stopped reading at its cap
                    }
                }
                default -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/html");
                    exchange.sendResponseHeaders(200, 5);
                    exchange.getResponseBody().write("<b/>!".getBytes());
                }
            }
            exchange.close();
        });
        images.start();
    }

    @AfterAll
    static void stop() {
        images.stop(0);
        internal.stop(0);
        provider.close();
    }

    @BeforeEach
    void signUp() {
        provider.reset();
        imageRequests.set(0);
        internalRequests.set(0);
        TestApi api = new TestApi(port);
        chat = new ChatClient(api, TestUsers.signUp(api).accessToken());
    }

    @Test
    void theProviderReceivesTheImageInlineAndNeverItsUrl() {
        provider.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(List.of(ChatClient.FRAGMENT))));

        TestApi.Response response = chat.post(withImage(imageUrl("/cat.png")));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(imageRequests).hasValue(1);
        assertThat(provider.lastRequest().body()).contains("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG))
                .doesNotContain("cat.png");
    }

    @Test
    void aRedirectToAnInternalAddressIsNotFollowed() {
        TestApi.Response response = chat.post(withImage(imageUrl("/redirect.png")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("image_unavailable");
        assertThat(response.json().get("message").asString()).contains("redirect");
        assertThat(internalRequests).as("the internal service was never asked").hasValue(0);
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void anImageOverTheCapIsRefused() {
        TestApi.Response response = chat.post(withImage(imageUrl("/huge.png")));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("code").asString()).isEqualTo("image_too_large");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void somethingThatIsNotAnImageIsRefused() {
        TestApi.Response response = chat.post(withImage(imageUrl("/page.html")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asString()).contains("text/html");
        assertThat(provider.requests()).isEmpty();
    }

    private static String imageUrl(String path) {
        return "http://" + FakeLlmServer.HOST + ":" + images.getAddress().getPort() + path;
    }

    private Map<String, Object> withImage(String url) {
        Map<String, Object> body = new LinkedHashMap<>(ChatClient.body("openai", "gpt-test", ChatClient.ownKey(provider, "sk-own")));
        body.put("messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "What is in this picture?"),
                Map.of("type", "image_url", "image_url", Map.of("url", url))))));
        return body;
    }
}
