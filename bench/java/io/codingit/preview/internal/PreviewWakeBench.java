package io.codingit.preview.internal;

import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.IntegrationTest;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test (not matched by surefire's includes): bench/pause/README.md. Issue 18's second figure: from the first
 * request to a paused sandbox's preview URL until the app's first byte (the waking page polled every 20 ms), against
 * the baseline the issue names, a cold create of the same template ({@code POST /api/sandbox} with the same fragment,
 * then the first byte of its preview URL), in the same run, alternating. Run with
 * {@code ./mvnw test -Dtest=PreviewWakeBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.rate-limit.general.capacity=100000",
        "codingit.terminal.heartbeat-interval=300ms",
        "codingit.sandbox.max-per-user=10"
})
class PreviewWakeBench {
    private static final int ROUNDS = 5;
    private static final String APP = """
            import os
            from http.server import BaseHTTPRequestHandler, HTTPServer

            class Hello(BaseHTTPRequestHandler):
                def do_GET(self):
                    body = b"hello"
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Hello).serve_forever()
            """;

    @LocalServerPort
    int port;

    @Autowired
    SandboxProvider provider;

    @Test
    void wakeOfAPausedPreviewAgainstAColdCreate() throws Exception {
        Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
        TestApi api = new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
        long[] cold = new long[ROUNDS];
        long[] wake = new long[ROUNDS];
        for (int i = 0; i <= ROUNDS; i++) { // round 0 is a warm-up
            long t0 = System.nanoTime();
            TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "python-web-v1", "code", APP)));
            if (created.status() != 200) {
                throw new IllegalStateException(created.toString());
            }
            String sbxId = created.json().get("sbxId").asString();
            String host = URI.create(created.json().get("url").asString()).getHost();
            awaitFirstByte(host);
            long t1 = System.nanoTime();

            TestApi.Response paused = api.post("/api/sandbox/" + sbxId + "/pause", Map.of());
            if (paused.status() != 200) {
                throw new IllegalStateException(paused.toString());
            }
            long t2 = System.nanoTime();
            awaitFirstByte(host);
            long t3 = System.nanoTime();
            api.delete("/api/sandbox/" + sbxId);
            if (i > 0) {
                cold[i - 1] = t1 - t0;
                wake[i - 1] = t3 - t2;
            }
        }
        Arrays.sort(cold);
        Arrays.sort(wake);
        double coldMs = cold[ROUNDS / 2] / 1e6;
        double wakeMs = wake[ROUNDS / 2] / 1e6;
        System.out.printf(Locale.ROOT, "PAUSE-BENCH preview first byte, median of %d: cold create %.0f ms (min %.0f, max %.0f), "
                        + "wake of a paused preview %.0f ms (min %.0f, max %.0f), wake/cold %.2f%n", ROUNDS, coldMs,
                cold[0] / 1e6, cold[ROUNDS - 1] / 1e6, wakeMs, wake[0] / 1e6, wake[ROUNDS - 1] / 1e6, wakeMs / coldMs);
    }

    /** Requests the preview URL every 20 ms until the app answers 200 (the waking page is 503). */
    private void awaitFirstByte(String host) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (PreviewTest.fetch(port, host, "/").status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the preview did not answer within 120 s");
            }
            Thread.sleep(20);
        }
    }
}
