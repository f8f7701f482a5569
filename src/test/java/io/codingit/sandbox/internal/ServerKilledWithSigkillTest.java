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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server in a child {@code java} process is killed with SIGKILL while it holds a sandbox: nothing it stored
 * is lost (the account, a workspace file, the registry row), and at its next start the registry is reconciled
 * with what really runs.
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
        Map<String, String> properties = RegistryServers.properties(schema, runtimeDir, Files.createTempDirectory("codingit-crash-"));
        String token;
        String sbxId;
        try (ChildServer server = ChildServer.start(properties)) {
            token = TestUsers.signUp(server.api()).accessToken();
            TestApi api = server.api().as(token);
            assertThat(api.post("/api/files", Map.of("path", "notes/kept.txt", "content", "written before the crash")).status())
                    .isEqualTo(201);
            TestApi.Response created = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1",
                    "code", "x = 41\nprint(x + 1)", "file_path", "script.py")));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            sbxId = created.json().get("sbxId").asString();

            server.kill();
        }
        assertThat(RegistryServers.state(schema, sbxId)).as("a crash leaves the row as it was").first().isEqualTo("running");

        try (ChildServer restarted = ChildServer.start(properties)) {
            TestApi api = restarted.api().as(token);
            TestApi.Response file = api.get("/api/files/content?path=notes/kept.txt");
            assertThat(file.status()).as(file.toString()).isEqualTo(200);
            assertThat(file.json().get("content").asString()).isEqualTo("written before the crash");

            // the local provider's sandboxes die with their server (bubblewrap's --die-with-parent) until the agent
            // keeps them: the start-up reconciliation finds this one gone and records why
            assertThat(RegistryServers.state(schema, sbxId)).first().isEqualTo("killed");
            TestApi.Response gone = api.get("/api/sandbox/" + sbxId);
            assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
            assertThat(gone.json().get("message").asString()).contains("is gone");
            assertThat(api.get("/api/sandbox").body()).doesNotContain(sbxId);
        }
    }
}
