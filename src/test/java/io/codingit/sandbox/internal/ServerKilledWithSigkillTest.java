package io.codingit.sandbox.internal;

import io.codingit.support.ChildServer;
import io.codingit.support.PostgresTestDatabase;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server in a child {@code java} process is killed with SIGKILL while it holds sandboxes: nothing it stored
 * is lost (the account, a workspace file, the registry rows), the sandboxes outlive it, and at its next start
 * the registry is reconciled with what really runs: a sandbox still running is adopted (its interpreter's
 * process included), one that died meanwhile is paused from what is left of its home and resumes on use.
 */
class ServerKilledWithSigkillTest {
    static String schema;
    static Path runtimeDir;

    @BeforeAll
    static void schema() {
        Prerequisites.require(java.nio.file.Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed",
                Prerequisites.SANDBOX_PACKAGES);
        schema = PostgresTestDatabase.newSchema();
        runtimeDir = RegistryServers.sharedRuntimeDir();
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void nothingStoredIsLostAndTheRegistryIsReconciledAtTheNextStart() throws Exception {
        Path dataDir = Files.createTempDirectory("codingit-crash-");
        Map<String, String> properties = RegistryServers.properties(schema, runtimeDir, dataDir);
        String token;
        String kept;
        String lost;
        String driverPid;
        try (ChildServer server = ChildServer.start(properties)) {
            token = TestUsers.signUp(server.api()).accessToken();
            TestApi api = server.api().as(token);
            assertThat(api.post("/api/files", Map.of("path", "notes/kept.txt", "content", "written before the crash")).status())
                    .isEqualTo(201);
            kept = create(api, "x = 41\nprint(x + 1)");
            lost = create(api, "print(1)");
            driverPid = SandboxRestartTest.interpreterDriverPid(api, kept);
            assertThat(driverPid).isNotEmpty();

            server.kill();
        }
        assertThat(RegistryServers.state(schema, kept)).as("a crash leaves the row as it was").first().isEqualTo("running");
        // while no server runs, one sandbox dies with everything in it (as after a reboot or the OOM killer)
        RegistryServers.killEveryProcessOf(lost);

        try (ChildServer restarted = ChildServer.start(properties)) {
            TestApi api = restarted.api().as(token);
            TestApi.Response file = api.get("/api/files/content?path=notes/kept.txt");
            assertThat(file.status()).as(file.toString()).isEqualTo(200);
            assertThat(file.json().get("content").asString()).isEqualTo("written before the crash");

            // the sandbox outlived the killed server and was adopted at start-up, its interpreter's process with it
            assertThat(RegistryServers.state(schema, kept)).first().isEqualTo("running");
            TestApi.Response status = api.get("/api/sandbox/" + kept);
            assertThat(status.status()).as(status.toString()).isEqualTo(200);
            assertThat(SandboxRestartTest.interpreterDriverPid(api, kept)).isEqualTo(driverPid);
            TestApi.Response script = api.post("/api/terminal", Map.of("sbxId", kept, "command", "cat script.py"));
            assertThat(script.json().get("stdout").asString()).contains("x = 41");

            // the one that died is not deleted: it is paused from what is left of its home, and its next use
            // resumes it with its files (issue 18: a restart pauses what it cannot keep)
            List<String> row = RegistryServers.state(schema, lost);
            assertThat(row.getFirst()).as(row.toString()).isEqualTo("paused");
            TestApi.Response resumed = api.post("/api/terminal", Map.of("sbxId", lost, "command", "cat script.py"));
            assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
            assertThat(resumed.header("X-Sandbox-Resumed")).isEqualTo("true");
            assertThat(resumed.json().get("stdout").asString()).contains("print(1)");
            assertThat(RegistryServers.state(schema, lost)).first().isEqualTo("running");
            assertThat(api.get("/api/sandbox").body()).contains(lost).contains(kept);
        }
    }

    private static String create(TestApi api, String code) {
        TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                "code", code, "file_path", "script.py")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().get("sbxId").asString();
    }
}
