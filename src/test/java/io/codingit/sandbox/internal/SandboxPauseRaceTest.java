package io.codingit.sandbox.internal;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resuming or using a sandbox while its pause is still saving (issue 18, "faults"): the calls wait for the pause on
 * this server, then resume the sandbox; nothing answers 500 and the sandbox ends running with its files. A home big
 * enough that saving takes a moment, so the quota and home size of {@link SandboxApiTestBase} are raised.
 */
@TestPropertySource(properties = {
        "codingit.sandbox.pause.quota-per-user=1GB",
        "codingit.sandbox.home-size=192MB",
        "codingit.sandbox.memory=512MB",
        "codingit.terminal.command-timeout=60s"
})
class SandboxPauseRaceTest extends SandboxApiTestBase {
    @Autowired
    PausedHomes homes;

    @Test
    void usingOrResumingASandboxWhileItsPauseIsStillSavingWaitsForItThenResumesIt() throws Exception {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "print(1)");
        // enough files that saving them takes a moment (about 60 MB in 1000 files)
        TestApi.Response made = terminal(api, sbxId, "mkdir many && for i in $(seq 1 1000); do head -c 50000 /dev/urandom "
                + "> many/f$i; done && cat many/* | sha256sum");
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
        assertThat(made.json().get("exitCode").asInt()).as(made.toString()).isZero();
        String sums = made.json().get("stdout").asString();
        java.nio.file.Path partial = homes.saved(sbxId).resolveSibling(sbxId + ".tar.partial");

        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var pause = pool.submit(() -> api.post("/api/sandbox/" + sbxId + "/pause", Map.of()));
            Instant deadline = Instant.now().plusSeconds(30);
            while (!Files.exists(partial) && !pause.isDone()) {
                assertThat(Instant.now()).as("the pause starts saving within 30 s").isBefore(deadline);
                Thread.sleep(2);
            }
            // the calls below are sent while the save runs (its partial file exists); on a machine fast enough to
            // finish 50 MB before they arrive they meet a paused sandbox instead, and every outcome asserted below
            // must hold the same way, so the test does not depend on that timing
            var resume = pool.submit(() -> api.post("/api/sandbox/" + sbxId + "/resume", Map.of()));
            var execute = pool.submit(() -> api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "print(6 * 7)")));
            var read = pool.submit(() -> api.get("/api/sandbox/" + sbxId + "/files/content?path=script.py"));

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
        }
        assertThat(state(api, sbxId)).isEqualTo("running");
        assertThat(homes.exists(sbxId)).as("one resume restored it and deleted the saved home").isFalse();
        TestApi.Response again = terminal(api, sbxId, "cat many/* | sha256sum && ls many | wc -l");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("stdout").asString()).isEqualTo(sums + "1000\n");
        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
    }

    private static String state(TestApi api, String sbxId) {
        TestApi.Response r = api.get("/api/sandbox/" + sbxId);
        return r.status() == 200 ? r.json().get("state").asString() : "status " + r.status();
    }
}
