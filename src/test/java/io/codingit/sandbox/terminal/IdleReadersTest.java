package io.codingit.sandbox.terminal;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hundreds of quiet background commands each leave two threads blocked reading their pipes. Were those
 * virtual threads, each read would pin a carrier and past the scheduler's 256 the server would stop
 * answering; the bound below is a liveness limit (a hung server never answers), not a speed target.
 */
@TestPropertySource(properties = "codingit.terminal.max-background-commands=200")
class IdleReadersTest extends TerminalTestBase {

    @Test
    void theServerKeepsAnsweringWhileManyCommandsWaitForOutput() {
        User user = newUser();
        // two sandboxes, so that no sandbox nears its own process limit
        List<String> sandboxIds = List.of(createSandbox(user.api()), createSandbox(user.api()));
        try {
            assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
                for (String sbxId : sandboxIds) {
                    for (int i = 0; i < 70; i++) {
                        var started = user.api().post("/api/terminal", Map.of("sbxId", sbxId, "background", true,
                                "command", "sleep 600"));
                        assertThat(started.status()).as(started.toString()).isEqualTo(201);
                    }
                }
                for (String sbxId : sandboxIds) {
                    assertThat(run(user.api(), sbxId, "echo alive-$((20+22))")).contains("alive-42");
                }
            });
        } finally {
            sandboxIds.forEach(id -> user.api().delete("/api/sandbox/" + id));
        }
    }
}
