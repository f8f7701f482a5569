package io.codingit.sandbox.terminal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Not a test (no assertions, not matched by surefire's includes): bench/terminal/README.md. Keystroke to
 * echo over the terminal WebSocket: one character typed at the bash prompt until its echo arrives as an
 * output frame. Run with {@code ./mvnw test -Dtest=TerminalEchoBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class TerminalEchoBench extends TerminalTestBase {
    private static final int WARMUP = 50;
    private static final int RUNS = 500;

    @Test
    void keystrokeToEcho() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        try (TerminalSocketClient terminal = TerminalSocketClient.connect(
                "ws://127.0.0.1:" + port + "/api/terminal/ws?sbxId=" + sbxId, Map.of("Authorization", "Bearer " + user.token()))) {
            terminal.type("echo ready-$((1+1))\r");
            terminal.awaitOutput("ready-2\r\n");
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long start = System.nanoTime();
                terminal.type("a");
                String echo = terminal.awaitOutputFrame();
                long elapsed = System.nanoTime() - start;
                if (!echo.equals("a")) {
                    throw new AssertionError("expected the echo of one keystroke, got " + echo);
                }
                if (i >= WARMUP) {
                    nanos.add(elapsed);
                }
                // rub it out again (readline echoes backspace, space, backspace in one write)
                terminal.type("\u007f");
                terminal.awaitOutputFrame();
            }
            Collections.sort(nanos);
            System.out.printf("TERMINAL-ECHO-BENCH runs=%d p50=%.3fms p90=%.3fms p99=%.3fms%n", RUNS,
                    nanos.get(RUNS / 2) / 1e6, nanos.get(RUNS * 9 / 10) / 1e6, nanos.get(RUNS * 99 / 100) / 1e6);
        }
    }
}
