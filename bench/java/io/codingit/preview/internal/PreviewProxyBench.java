package io.codingit.preview.internal;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Not a test (no assertions, not matched by surefire's includes): bench/preview/README.md. The time from
 * {@code POST /api/sandbox} with a Next.js fragment to its page served through the proxy. The proxy's latency against
 * the app itself, through either of two servers: {@link PreviewTwoServersBench}.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.rate-limit.general.capacity=100000",
        "codingit.terminal.heartbeat-interval=300ms",
        "codingit.preview.start-timeout=180s"
})
class PreviewProxyBench {
    @LocalServerPort
    int port;

    /**
     * From {@code POST /api/sandbox} with a Next.js fragment to its page served through the proxy, on a
     * prepared template (the preparation itself, once per server, is waited for first and not counted).
     */
    @Test
    void nextjsTimeToServing() throws Exception {
        TestApi api = new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
        Map<String, Object> body = Map.of("fragment", Map.of("template", "nextjs-developer", "code",
                "export default function Home() {\n  return <main><h1>bench-page</h1></main>;\n}\n"));
        long prepareStart = System.nanoTime();
        TestApi.Response created = api.post("/api/sandbox", body);
        while (created.status() == 503 && created.json().get("message").asString().contains("being prepared")) {
            Thread.sleep(1000);
            created = api.post("/api/sandbox", body);
        }
        System.out.printf("PREVIEW-BENCH nextjs preparation (0 when cached) + first create: %.1f s%n",
                (System.nanoTime() - prepareStart) / 1e9);
        api.delete("/api/sandbox/" + created.json().get("sbxId").asString());
        List<Long> toAnswer = new ArrayList<>();
        List<Long> toPage = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            TestApi.Response r = api.post("/api/sandbox", body);
            long answered = System.nanoTime();
            if (r.status() != 200) {
                throw new IllegalStateException(r.toString());
            }
            URI url = URI.create(r.json().get("url").asString());
            PreviewTest.Reply page = PreviewTest.fetch(port, url.getHost(), "/");
            long served = System.nanoTime();
            if (!page.body().contains("bench-page")) {
                throw new IllegalStateException("the page was not served: " + page.status());
            }
            toAnswer.add(answered - start);
            toPage.add(served - start);
            api.delete("/api/sandbox/" + r.json().get("sbxId").asString());
        }
        System.out.println("PREVIEW-BENCH nextjs POST /api/sandbox answered (ms, 3 runs): "
                + toAnswer.stream().map(n -> String.format("%.0f", n / 1e6)).toList());
        System.out.println("PREVIEW-BENCH nextjs POST to page served through the proxy (ms, 3 runs): "
                + toPage.stream().map(n -> String.format("%.0f", n / 1e6)).toList());
    }
}
