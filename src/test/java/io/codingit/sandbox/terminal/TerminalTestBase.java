package io.codingit.sandbox.terminal;

import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.IntegrationTest;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server for the terminal tests: real accounts, real sandboxes, a 300 ms heartbeat so that a client
 * that went away is noticed quickly.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.rate-limit.general.capacity=100000",
        "codingit.terminal.heartbeat-interval=300ms"
})
abstract class TerminalTestBase {
    @LocalServerPort
    int port;

    @Autowired
    SandboxProvider provider;

    @BeforeEach
    void requireSandboxes() {
        Prerequisites.require(provider.status().available(),
                "sandboxes unavailable on this host: " + provider.status().unavailableReason(),
                Prerequisites.SANDBOX_PACKAGES);
    }

    /** A signed-up account: its access token and a client acting as it. */
    record User(String token, TestApi api) {
    }

    User newUser() {
        String token = TestUsers.signUp(new TestApi(port)).accessToken();
        return new User(token, new TestApi(port).as(token));
    }

    String createSandbox(TestApi api) {
        TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                "code", "print('ready')", "file_path", "script.py")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("sbxId").asString();
    }

    String run(TestApi api, String sbxId, String command) {
        TestApi.Response r = api.post("/api/terminal", Map.of("sbxId", sbxId, "command", command));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("stdout").asString();
    }

    /** How many processes in the sandbox have a command line starting with {@code prefix}. */
    int processesWith(TestApi api, String sbxId, String prefix) {
        String out = run(api, sbxId, "ps -eo args= | grep -c -- '^" + prefix + "'");
        return Integer.parseInt(out.trim());
    }

    /** Waits (bounded) until {@code condition} holds; a deadline for slow machines, not a speed assertion. */
    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
