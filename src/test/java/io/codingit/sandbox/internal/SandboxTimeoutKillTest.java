package io.codingit.sandbox.internal;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code codingit.sandbox.pause.on-timeout: kill} (issue 18): a sandbox whose time is up is killed as before pause
 * existed, not paused; its id then answers 404 "... not found (it expired)" and nothing of its home is kept.
 */
@TestPropertySource(properties = "codingit.sandbox.pause.on-timeout=kill")
class SandboxTimeoutKillTest extends SandboxApiTestBase {
    @Autowired
    PausedHomes homes;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTimedOutSandboxIsKilledAndNoSavedHomeIsLeft() throws InterruptedException {
        TestApi api = api(newUser());
        String sbxId = sandboxTimingOut(api);

        awaitUntil(() -> "killed".equals(jdbc.sql("SELECT state FROM sandboxes WHERE id = :id").param("id", sbxId)
                .query(String.class).single()), "the reaper ends the sandbox at its timeout");
        assertThat(jdbc.sql("SELECT state_reason FROM sandboxes WHERE id = :id").param("id", sbxId).query(String.class).single())
                .isEqualTo(DefaultSandboxes.EXPIRED);
        TestApi.Response gone = api.get("/api/sandbox/" + sbxId);
        assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
        assertThat(gone.json().get("message").asString()).contains("not found (it expired)");
        TestApi.Response used = terminal(api, sbxId, "cat t.txt");
        assertThat(used.status()).as("using it does not bring it back: " + used).isEqualTo(404);
        assertThat(api.get("/api/sandbox").body()).doesNotContain(sbxId);
        assertThat(homes.exists(sbxId)).as("no saved home").isFalse();
        awaitUntil(() -> local().leftovers(sbxId).isEmpty(), "its processes, mounts and directory are gone");
    }
}
