package io.codingit.sandbox.internal;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resuming or using a sandbox while its pause is still saving (issue 18, "faults"): the calls wait for the pause on
 * this server, then resume the sandbox; nothing answers 500 and the sandbox ends running with its files. The save is
 * held at {@link SandboxPauses#whileSaving} (its home written to the partial file, the pause not yet recorded)
 * until the resume, the execute and the file read are seen waiting for it, so they really arrive during the save on
 * any machine.
 */
class SandboxPauseRaceTest extends SandboxApiTestBase {
    @Autowired
    PausedHomes homes;

    @Autowired
    DefaultSandboxes sandboxes;

    @Autowired
    JdbcClient jdbc;

    @Test
    void usingOrResumingASandboxWhileItsPauseIsStillSavingWaitsForItThenResumesIt() throws Exception {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "print(1)");
        TestApi.Response made = terminal(api, sbxId, "mkdir many && for i in $(seq 1 50); do head -c 20000 /dev/urandom "
                + "> many/f$i; done && cat many/* | sha256sum");
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
        assertThat(made.json().get("exitCode").asInt()).as(made.toString()).isZero();
        String sums = made.json().get("stdout").asString();
        Path partial = homes.saved(sbxId).resolveSibling(sbxId + ".tar.partial");

        CountDownLatch saving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sandboxes.pauses.whileSaving = () -> {
            saving.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var pause = pool.submit(() -> api.post("/api/sandbox/" + sbxId + "/pause", Map.of()));
            assertThat(saving.await(30, TimeUnit.SECONDS)).as("the pause reaches its save within 30 s").isTrue();
            assertThat(partial).as("the home is being saved").exists();

            var resume = pool.submit(() -> api.post("/api/sandbox/" + sbxId + "/resume", Map.of()));
            var execute = pool.submit(() -> api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "print(6 * 7)")));
            var read = pool.submit(() -> api.get("/api/sandbox/" + sbxId + "/files/content?path=script.py"));
            awaitUntil(() -> sandboxes.waitingForTransition(sbxId) == 3, "the three calls wait for the pause");
            assertThat(pause.isDone()).as("the save is still running").isFalse();
            assertThat(rowState(sbxId)).as("nothing recorded yet").isEqualTo("running");
            assertThat(resume.isDone() || execute.isDone() || read.isDone()).as("no call answered during the save").isFalse();
            release.countDown();

            TestApi.Response paused = pause.get();
            assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
            assertThat(paused.json().get("state").asString()).isEqualTo("paused");
            TestApi.Response resumed = resume.get();
            assertThat(resumed.status()).as("the resume waits for the pause, then resumes: " + resumed).isEqualTo(200);
            assertThat(resumed.json().get("state").asString()).isEqualTo("running");
            TestApi.Response cell = execute.get();
            assertThat(cell.status()).as("using it during the pause waits, then runs in the resumed sandbox: " + cell)
                    .isEqualTo(200);
            assertThat(cell.body()).contains("42");
            TestApi.Response file = read.get();
            assertThat(file.status()).as(file.toString()).isEqualTo(200);
            assertThat(file.json().get("content").asString()).contains("print(1)");
        } finally {
            release.countDown();
            sandboxes.pauses.whileSaving = () -> { };
        }
        assertThat(rowState(sbxId)).isEqualTo("running");
        assertThat(Files.exists(partial)).isFalse();
        assertThat(homes.exists(sbxId)).as("one resume restored it and deleted the saved home").isFalse();
        TestApi.Response again = terminal(api, sbxId, "cat many/* | sha256sum && ls many | wc -l");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("stdout").asString()).isEqualTo(sums + "50\n");
        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }

    private String rowState(String sbxId) {
        return jdbc.sql("SELECT state FROM sandboxes WHERE id = :id").param("id", sbxId).query(String.class).single();
    }
}
