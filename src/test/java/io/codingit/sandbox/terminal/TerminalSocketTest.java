package io.codingit.sandbox.terminal;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalSocketTest extends TerminalTestBase {

    @Test
    void theShellRunsOnAPseudoTerminalThatFollowsResizes() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        try (TerminalSocketClient terminal = TerminalSocketClient.connect(socketUrl("sbxId=" + sbxId), bearer(user))) {
            // the markers awaited are computed by the shell, so the echo of the typed line never matches them
            terminal.type("tty; echo tty-$((40+2))-done\r");
            String output = terminal.awaitOutput("tty-42-done\r\n");
            assertThat(output).contains("/dev/pts/");
            assertThat(output).doesNotContain("not a tty");

            terminal.send(Map.of("type", "resize", "cols", 101, "rows", 37));
            terminal.type("stty size\r");
            terminal.awaitOutput("37 101\r\n");

            terminal.send(Map.of("type", "ping"));
            assertThat(terminal.awaitFrame().path("type").asString()).isEqualTo("pong");

            terminal.type("exit 5\r");
            JsonNode exit = terminal.awaitFrame();
            assertThat(exit.path("type").asString()).isEqualTo("exit");
            assertThat(exit.path("code").asInt()).isEqualTo(5);
            assertThat(terminal.awaitFrame().path("type").asString()).isEqualTo("closed");
        }
    }

    @Test
    void repliesAreNotLostWhileTheShellFloodsTheSocket() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        try (TerminalSocketClient terminal = TerminalSocketClient.connect(socketUrl("sbxId=" + sbxId), bearer(user))) {
            terminal.type("seq 1 100000; echo flood-$((1+1))-done\r");
            terminal.awaitOutput("\r\n500\r\n");
            int pings = 50;
            for (int i = 0; i < pings; i++) {
                terminal.send(Map.of("type", "ping"));
            }
            terminal.awaitOutput("flood-2-done\r\n");
            // the pongs of pings sent during the flood are all among the frames that preceded the marker
            terminal.type("echo after-$((2+2))\r");
            terminal.awaitOutput("after-4\r\n");
            assertThat(terminal.pongsSeen()).isEqualTo(pings);
        }
    }

    @Test
    void anInteractivePythonIsDrivenByKeystrokes() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        try (TerminalSocketClient terminal = TerminalSocketClient.connect(socketUrl("sbxId=" + sbxId), bearer(user))) {
            terminal.type("python3 -q\r");
            terminal.awaitOutput(">>> ");
            terminal.type("1+1\r");
            terminal.awaitOutput("1+1\r\n2\r\n>>> ");
            terminal.type("6*7\r");
            terminal.awaitOutput("6*7\r\n42\r\n>>> ");
            terminal.type("\u0004");
            terminal.type("echo back-in-$((1+2))\r");
            terminal.awaitOutput("back-in-3\r\n");
        }
    }

    @Test
    void aTicketOpensTheOwnersTerminalOnceAndNobodyElsesTerminalOpens() {
        User owner = newUser();
        String sbxId = createSandbox(owner.api());
        var issued = owner.api().post("/api/terminal/ticket", Map.of("sbxId", sbxId));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        String ticket = issued.json().get("ticket").asString();
        assertThat(issued.json().get("expiresIn").asLong()).isPositive();

        try (TerminalSocketClient terminal = TerminalSocketClient.connect(socketUrl("sbxId=" + sbxId + "&ticket=" + ticket), Map.of())) {
            terminal.send(Map.of("type", "ping"));
            assertThat(terminal.awaitFrame().path("type").asString()).isEqualTo("pong");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(TerminalSocketClient.refusal(socketUrl("sbxId=" + sbxId + "&ticket=" + ticket), Map.of()))
                .as("a ticket is single-use").isEqualTo(401);
        assertThat(TerminalSocketClient.refusal(socketUrl("sbxId=" + sbxId), Map.of()))
                .as("no session, no ticket").isEqualTo(401);

        User stranger = newUser();
        assertThat(stranger.api().post("/api/terminal/ticket", Map.of("sbxId", sbxId)).status()).isEqualTo(404);
        assertThat(TerminalSocketClient.refusal(socketUrl("sbxId=" + sbxId), bearer(stranger)))
                .as("another user's sandbox").isEqualTo(404);
        String strangersSandbox = createSandbox(stranger.api());
        String strangersTicket = stranger.api().post("/api/terminal/ticket", Map.of("sbxId", strangersSandbox))
                .json().get("ticket").asString();
        assertThat(TerminalSocketClient.refusal(socketUrl("sbxId=" + sbxId + "&ticket=" + strangersTicket), Map.of()))
                .as("a ticket opens only the sandbox it was issued for").isEqualTo(401);
        assertThat(TerminalSocketClient.refusal(socketUrl("sbxId=" + sbxId),
                Map.of("Authorization", "Bearer " + owner.token(), "Origin", "https://evil.example")))
                .as("a foreign origin").isEqualTo(403);
    }

    @Test
    void theSessionCookieOpensTheTerminalFromTheServersOwnOrigin() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        Map<String, String> browser = Map.of("Cookie", "codingit_access=" + user.token(),
                "Origin", "http://127.0.0.1:" + port);
        try (TerminalSocketClient terminal = TerminalSocketClient.connect(socketUrl("sbxId=" + sbxId), browser)) {
            terminal.type("echo cookie-$((3*3))\r");
            terminal.awaitOutput("cookie-9\r\n");
        }
    }

    @Test
    void droppingTheConnectionKillsTheShellAndEverythingItStarted() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        TerminalSocketClient terminal = TerminalSocketClient.connect(socketUrl("sbxId=" + sbxId), bearer(user));
        terminal.type("sleep 4324 & sleep 4325\r");
        eventually(() -> processesWith(user.api(), sbxId, "sleep 432") == 2, "the shell's commands run");
        assertThat(processesWith(user.api(), sbxId, LOGIN_SHELL)).as("the agent's terminal runs the login shell").isEqualTo(1);

        terminal.abort();

        eventually(() -> processesWith(user.api(), sbxId, "sleep 432") == 0, "the shell's commands are gone");
        eventually(() -> processesWith(user.api(), sbxId, LOGIN_SHELL) == 0, "the terminal's shell is gone");
    }

    @Test
    void killingTheSandboxClosesItsTerminal() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());
        try (TerminalSocketClient terminal = TerminalSocketClient.connect(socketUrl("sbxId=" + sbxId), bearer(user))) {
            terminal.type("echo up-$((2+2))\r");
            terminal.awaitOutput("up-4\r\n");
            assertThat(user.api().delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
            assertThat(terminal.awaitFrame().path("type").asString()).isEqualTo("exit");
            assertThat(terminal.awaitFrame().path("type").asString()).isEqualTo("closed");
        }
    }

    /** The terminal's shell as {@code ps -eo args=} shows it (the agent starts {@code ["bash","-l"]}). */
    private static final String LOGIN_SHELL = "bash -l$";

    private String socketUrl(String query) {
        return "ws://127.0.0.1:" + port + "/api/terminal/ws?" + query;
    }

    private static Map<String, String> bearer(User user) {
        return Map.of("Authorization", "Bearer " + user.token());
    }

    /**
     * Security finding 6: a handshake draws from the caller's general budget like any write. (Reads such as
     * GET /api/sandbox draw from the read budget since issue 24, so the handshakes' own headers are compared.)
     */
    @Test
    void theHandshakeIsChargedToTheGeneralBudget() throws Exception {
        User user = newUser();
        String sbxId = createSandbox(user.api());

        String first = rawHandshake(sbxId, user.token());
        String second = rawHandshake(sbxId, user.token());

        assertThat(first).startsWith("HTTP/1.1 101").containsIgnoringCase("X-RateLimit-Limit: 100000");
        assertThat(second).startsWith("HTTP/1.1 101");
        assertThat(remaining(second)).as("one unit per handshake").isEqualTo(remaining(first) - 1);
    }

    private static long remaining(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-ratelimit-remaining:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no X-RateLimit-Remaining in " + head);
    }

    /** Security finding 6: at most 5 terminals per sandbox and 10 per user (the defaults); a closed one frees its slot. */
    @Test
    void openTerminalsAreCappedPerSandboxAndPerUser() throws Exception {
        User user = newUser();
        String first = createSandbox(user.api());
        String second = createSandbox(user.api());
        String third = createSandbox(user.api());
        List<TerminalSocketClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                open.add(TerminalSocketClient.connect(socketUrl("sbxId=" + first), bearer(user)));
            }
            assertThat(TerminalSocketClient.refusal(socketUrl("sbxId=" + first), bearer(user))).as("per sandbox").isEqualTo(429);
            for (int i = 0; i < 5; i++) {
                open.add(TerminalSocketClient.connect(socketUrl("sbxId=" + second), bearer(user)));
            }
            assertThat(TerminalSocketClient.refusal(socketUrl("sbxId=" + third), bearer(user))).as("per user").isEqualTo(429);
            User other = newUser();
            String others = createSandbox(other.api());
            try (TerminalSocketClient unaffected = TerminalSocketClient.connect(socketUrl("sbxId=" + others), bearer(other))) {
                unaffected.send(Map.of("type", "ping"));
                assertThat(unaffected.awaitFrame().path("type").asString()).isEqualTo("pong");
            }

            open.removeFirst().close();
            eventually(() -> TerminalSocketClient.refusal(socketUrl("sbxId=" + third), bearer(user)) == 101,
                    "a closed terminal frees its slot");
        } finally {
            open.forEach(TerminalSocketClient::close);
        }
    }

    private String rawHandshake(String sbxId, String token) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /api/terminal/ws?sbxId=" + sbxId + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            java.io.InputStream in = socket.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }
}
