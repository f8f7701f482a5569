package io.codingit.sandbox.internal;

import io.codingit.sandbox.local.LocalSandboxProvider;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.support.PostgresTestDatabase;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestServers;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers sharing one PostgreSQL schema, one registry key and one sandbox runtime directory (they run on one
 * machine): the registry is the truth for all of them. Ownership and the per-user limit hold across servers,
 * a sandbox ended through one server is removed where it runs, a sandbox whose server stopped is served by the
 * other and adopted again by its server's next start, and a restart reconciles the registry with what runs.
 */
class SandboxRegistryAcrossServersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    static String schema;
    static Path runtimeDir;
    static TestServers.Server a;
    static TestServers.Server b;

    @BeforeAll
    static void startTwoServers() throws Exception {
        schema = PostgresTestDatabase.newSchema();
        runtimeDir = RegistryServers.sharedRuntimeDir();
        a = TestServers.start(properties(Files.createTempDirectory("codingit-a-")));
        SandboxProvider provider = a.context().getBean(SandboxProvider.class);
        Prerequisites.require(provider.status().available(), "sandboxes unavailable on this host: "
                + provider.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
        b = TestServers.start(properties(Files.createTempDirectory("codingit-b-")));
    }

    static Map<String, String> properties(Path dataDir) {
        return RegistryServers.properties(schema, runtimeDir, dataDir);
    }

    @AfterAll
    static void stop() {
        for (TestServers.Server server : new TestServers.Server[] {a, b}) {
            if (server != null) {
                server.close();
            }
        }
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    private static TestApi user(TestServers.Server server, String token) {
        return server.api().as(token);
    }

    private static String newUser() {
        return TestUsers.signUp(a.api()).accessToken();
    }

    private static String create(TestApi api) {
        TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                "code", "print(6 * 7)", "file_path", "script.py")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("stdout").toString()).contains("42");
        return r.json().get("sbxId").asString();
    }

    @Test
    void ownershipAndThePerUserLimitHoldOnEveryServer() {
        String owner = newUser();
        String other = newUser();
        String sbxId = create(user(a, owner));

        TestApi.Response listedOnB = user(b, owner).get("/api/sandbox");
        assertThat(listedOnB.status()).isEqualTo(200);
        assertThat(listedOnB.body()).contains(sbxId);
        assertThat(listedOnB.json().get("sandboxes").get(0).get("state").asString()).isEqualTo("running");
        assertThat(listedOnB.json().get("sandboxes").get(0).get("lastUsedAt").isNull()).isFalse();
        for (TestServers.Server server : List.of(a, b)) {
            TestApi stranger = user(server, other);
            assertThat(stranger.get("/api/sandbox/" + sbxId).status()).isEqualTo(404);
            assertThat(stranger.post("/api/sandbox/" + sbxId + "/timeout", Map.of("seconds", 60)).status()).isEqualTo(404);
            assertThat(stranger.get("/api/sandbox/" + sbxId + "/files").status()).isEqualTo(404);
            assertThat(stranger.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "1")).status()).isEqualTo(404);
            assertThat(stranger.get("/api/sandbox/" + sbxId + "/commands").status()).isEqualTo(404);
            assertThat(stranger.post("/api/terminal", Map.of("sbxId", sbxId, "command", "id")).status()).isEqualTo(404);
            assertThat(stranger.delete("/api/sandbox/" + sbxId).status()).isEqualTo(404);
            assertThat(stranger.get("/api/sandbox").body()).doesNotContain(sbxId);
        }

        String second = create(user(b, owner));
        for (TestServers.Server server : List.of(a, b)) {
            TestApi.Response third = user(server, owner).post("/api/sandbox", Map.of("fragment",
                    Map.of("template", "code-interpreter-v1", "code", "1")));
            assertThat(third.status()).as("the limit counts the sandboxes of every server").isEqualTo(429);
        }
        assertThat(user(b, owner).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(user(b, owner).delete("/api/sandbox/" + second).status()).isEqualTo(200);
    }

    @Test
    void aSandboxCreatedOnOneServerIsServedByTheOtherThroughItsAgent() {
        String owner = newUser();
        String sbxId = create(user(a, owner));
        TestApi onB = user(b, owner);

        TestApi.Response shell = onB.post("/api/terminal", Map.of("sbxId", sbxId, "command", "cat script.py && echo from-b > b.txt"));
        assertThat(shell.status()).as(shell.toString()).isEqualTo(200);
        assertThat(shell.json().get("stdout").asString()).contains("print(6 * 7)");
        TestApi.Response read = user(a, owner).get("/api/sandbox/" + sbxId + "/files/content?path=b.txt");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.body()).contains("from-b");
        assertThat(onB.post("/api/sandbox/" + sbxId + "/files/content", Map.of("path", "a.txt", "content", "via b")).status())
                .isEqualTo(200);
        assertThat(user(a, owner).post("/api/terminal", Map.of("sbxId", sbxId, "command", "cat a.txt")).json()
                .get("stdout").asString()).isEqualTo("via b");

        // cells through B keep their state between B's cells (and share A's: AnyServerServesAnySandboxTest)
        assertThat(onB.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "y = 20")).status()).isEqualTo(200);
        TestApi.Response cell = onB.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "print(y + 22)"));
        assertThat(cell.status()).as(cell.toString()).isEqualTo(200);
        assertThat(cell.body()).contains("42");
        assertThat(user(b, owner).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }

    @Test
    void aSandboxEndedThroughAnotherServerIsRemovedWhereItRuns() throws Exception {
        String owner = newUser();
        String sbxId = create(user(a, owner));
        Instant extended = Instant.now().plusSeconds(3600);

        TestApi.Response timeout = user(b, owner).post("/api/sandbox/" + sbxId + "/timeout", Map.of("seconds", 3600));
        assertThat(timeout.status()).as(timeout.toString()).isEqualTo(200);
        Instant seenOnA = Instant.parse(user(a, owner).get("/api/sandbox/" + sbxId).json().get("expiresAt").asString());
        assertThat(seenOnA).isBetween(extended.minusSeconds(60), extended.plusSeconds(60));

        assertThat(user(b, owner).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(user(a, owner).get("/api/sandbox/" + sbxId).status()).isEqualTo(404);
        assertThat(state(sbxId)).containsExactly("killed", DefaultSandboxes.KILLED_BY_OWNER);
        LocalSandboxProvider local = (LocalSandboxProvider) a.context().getBean(SandboxProvider.class);
        awaitNoLeftovers(local, sbxId);
    }

    @Test
    void aSandboxWhoseServerStoppedIsServedByTheOtherAndItsRestartAdoptsIt() throws Exception {
        String owner = newUser();
        Path dataDir = Files.createTempDirectory("codingit-c-");
        Map<String, String> keeping = properties(dataDir);
        keeping.put("codingit.sandbox.registry.keep-on-shutdown", "true");
        TestServers.Server c = TestServers.start(keeping);
        String sbxId;
        try {
            sbxId = create(user(c, owner));
        } finally {
            c.close();
        }
        // C stopped; its sandbox did not: B serves it through its agent
        TestApi.Response onB = user(b, owner).post("/api/terminal", Map.of("sbxId", sbxId, "command", "echo via-b > b.txt"));
        assertThat(onB.status()).as(onB.toString()).isEqualTo(200);
        assertThat(state(sbxId).getFirst()).isEqualTo("running");

        // C starts again (this time killing its sandboxes when it stops): it adopts its sandbox, and destroys one
        // running with no registry row
        try (TestServers.Server restarted = TestServers.start(properties(dataDir))) {
            SandboxProvider provider = restarted.context().getBean(SandboxProvider.class);
            assertThat(provider.find(sbxId)).as("adopted").isPresent();
            TestApi.Response read = user(restarted, owner).get("/api/sandbox/" + sbxId + "/files/content?path=b.txt");
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.body()).contains("via-b");

            String unregistered = provider.create(new SandboxSpec(owner, "code-interpreter-v1", Duration.ofMinutes(5))).id();
            restarted.context().getBean(SandboxReaper.class).reconcile();
            assertThat(provider.find(unregistered)).isEmpty();
            awaitNoLeftovers((LocalSandboxProvider) provider, unregistered);
            assertThat(user(b, owner).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
            awaitNoLeftovers((LocalSandboxProvider) provider, sbxId);
        }
    }

    @Test
    void aServerWithAnotherRegistryKeySaysWhatToFixAndLeavesTheRowsAlone() throws Exception {
        String owner = newUser();
        String sbxId = create(user(a, owner));
        byte[] otherKey = new byte[32];
        java.util.Arrays.fill(otherKey, (byte) 7);
        Map<String, String> props = properties(Files.createTempDirectory("codingit-d-"));
        props.put("codingit.sandbox.registry.secret-key", java.util.Base64.getEncoder().encodeToString(otherKey));
        try (TestServers.Server d = TestServers.start(props)) {
            TestApi.Response refused = user(d, owner).get("/api/sandbox/" + sbxId);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.json().get("message").asString()).contains("codingit.sandbox.registry.secret-key");
            assertThat(state(sbxId).getFirst()).as("its start-up reconciliation could not check it, so left it").isEqualTo("running");
        }
        assertThat(user(a, owner).get("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(user(a, owner).delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }

    private static void awaitNoLeftovers(LocalSandboxProvider provider, String sbxId) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!provider.leftovers(sbxId).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(provider.leftovers(sbxId)).isEmpty();
    }

    private static List<String> state(String sbxId) throws Exception {
        return RegistryServers.state(schema, sbxId);
    }
}
