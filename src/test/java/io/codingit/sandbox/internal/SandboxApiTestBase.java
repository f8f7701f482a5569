package io.codingit.sandbox.internal;

import io.codingit.sandbox.local.LocalSandboxProvider;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.IntegrationTest;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server for all sandbox API tests, with small limits so that escape attempts fail fast:
 * 256 MB memory, 64 processes, a 64 MB home, 5 s terminal commands, a 200 ms reaper, 3 MB of paused homes per user. Callers are
 * real accounts; the sign-up budget is raised because every test signs up new users.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.rate-limit.auth.capacity=1000",
        "codingit.sandbox.memory=256MB",
        "codingit.sandbox.pids=64",
        "codingit.sandbox.home-size=64MB",
        "codingit.sandbox.command-timeout=10s",
        "codingit.sandbox.reaper-interval=200ms",
        "codingit.sandbox.pause.quota-per-user=3MB",
        "codingit.terminal.command-timeout=5s"
})
abstract class SandboxApiTestBase {
    static final String CODE_INTERPRETER = "code-interpreter-v1";

    @LocalServerPort
    int port;

    @Autowired
    SandboxProvider provider;

    @BeforeEach
    void requireSandboxes() {
        Prerequisites.require(provider.status().available(),
                "sandboxes unavailable on this host: " + provider.status().unavailableReason(),
                Prerequisites.SANDBOX_PACKAGES);
        Prerequisites.require(provider.status().unappliedLimits().isEmpty(),
                "this host cannot apply every sandbox limit: " + provider.status().unappliedLimits(),
                Prerequisites.SANDBOX_PACKAGES + " (as root, with cgroup v2)");
    }

    /** A client acting as {@code user} (a value of {@link #newUser()}). */
    TestApi api(String user) {
        return new TestApi(port).withHeader(HeaderAuthentication.HEADER, user);
    }

    /** Signs up a new account; returns its {@code Authorization} header value. */
    String newUser() {
        return "Bearer " + TestUsers.signUp(new TestApi(port)).accessToken();
    }

    /** Creates an interpreter sandbox through the API; returns its id. */
    String createSandbox(TestApi api, String code) {
        TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", Map.of("template", CODE_INTERPRETER,
                "code", code, "file_path", "script.py")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("sbxId").asString();
    }

    TestApi.Response terminal(TestApi api, String sbxId, String command) {
        return api.post("/api/terminal", Map.of("sbxId", sbxId, "command", command));
    }

    LocalSandboxProvider local() {
        return (LocalSandboxProvider) provider;
    }

    /**
     * Ends the sandbox by itself, as the host's OOM killer ends a gvisor sandbox's sentry (which holds all its memory),
     * and not through the registry: SIGKILL to its holder (bubblewrap, or runsc), awaited, then to everything it ran
     * (found from the holder's pid file in the sandbox's directory).
     */
    void endByItself(io.codingit.sandbox.spi.Sandbox sandbox) {
        String directory = local().leftovers(sandbox.id()).stream().filter(l -> l.startsWith("directory "))
                .findFirst().orElseThrow().substring("directory ".length());
        long pid;
        try {
            pid = Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of(directory, "holder.pid"))
                    .trim().split(" ")[0]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ProcessHandle holder = ProcessHandle.of(pid).orElseThrow();
        java.util.List<ProcessHandle> inside = holder.descendants().toList();
        holder.destroyForcibly();
        holder.onExit().join();
        inside.forEach(ProcessHandle::destroyForcibly);
    }

    /** A new interpreter sandbox holding {@code t.txt} ("before-timeout"), whose time is up in 300 ms; returns its id. */
    String sandboxTimingOut(TestApi api) {
        String sbxId = createSandbox(api, "pass");
        assertThat(terminal(api, sbxId, "echo before-timeout > t.txt").status()).isEqualTo(200);
        assertThat(api.post("/api/sandbox/" + sbxId + "/timeout", Map.of("timeoutMs", 300)).status()).isEqualTo(200);
        return sbxId;
    }

    /** Waits (bounded, 30 s) for a condition. */
    static void awaitUntil(java.util.function.Supplier<Boolean> condition, String what) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!condition.get()) {
            if (java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
