package io.codingit.sandbox.internal;

import io.codingit.sandbox.Sandboxes;
import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pause and resume (issue 18) with real sandboxes over HTTP: the home comes back byte for byte, using a paused
 * sandbox resumes it and says so, the reaper pauses at the timeout and deletes after the retention, the quota
 * refuses with 409, and wrong calls answer clear 4xx JSON.
 */
class SandboxPauseTest extends SandboxApiTestBase {
    /** Every entry of the home with type, mode, size and link target, then every regular file's SHA-256. */
    static final String MANIFEST = "cd ~ && find . -printf '%p|%y|%m|%s|%l|%U\\n' | LC_ALL=C sort"
            + " && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum";

    @Autowired
    PausedHomes homes;

    @Autowired
    JdbcClient jdbc;

    @Test
    void pauseAndResumeKeepTheHomeByteForByteButNotTheInterpreterVariables() {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "x = 42\nprint(x)");
        TestApi.Response made = terminal(api, sbxId, String.join(" && ",
                "head -c 300000 /dev/urandom > random.bin",
                "printf 'line\\r\\n\\x00\\xff tail' > mixed.txt",
                "mkdir -p empty/nested deep/a/b && chmod 0750 deep/a",
                "ln -s random.bin link-to-file && ln -s deep/a link-to-dir && ln -s /etc/hostname link-outside && ln -s missing dangling",
                "chmod 0600 mixed.txt && touch -d '2001-02-03 04:05:06' mixed.txt",
                "rm script.py"));
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
        assertThat(made.json().get("exitCode").asInt()).as(made.toString()).isZero();
        String before = manifest(api, sbxId);
        assertThat(before).contains("./empty/nested|d|", "./link-to-dir|l|777|", "|deep/a|", "./dangling|l|").doesNotContain("script.py");

        TestApi.Response paused = api.post("/api/sandbox/" + sbxId + "/pause", Map.of());
        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        assertThat(paused.json().get("state").asString()).isEqualTo("paused");
        assertThat(paused.json().get("diskBytes").asLong()).isGreaterThan(300_000);
        assertThat(paused.json().get("note").asString()).contains("interpreter variables", "are not kept");
        assertThat(paused.json().get("notKept").toString()).contains("interpreter variables");
        assertThat(local().leftovers(sbxId)).as("a paused sandbox runs nothing and mounts nothing").isEmpty();
        assertThat(homes.exists(sbxId)).isTrue();

        JsonNode listed = find(api.get("/api/sandbox").json().get("sandboxes"), sbxId);
        assertThat(listed.get("state").asString()).isEqualTo("paused");
        assertThat(listed.get("template").asString()).isEqualTo(CODE_INTERPRETER);
        assertThat(listed.get("diskBytes").asLong()).isEqualTo(paused.json().get("diskBytes").asLong());
        assertThat(listed.get("createdAt").isNull()).isFalse();
        assertThat(listed.get("lastUsedAt").isNull()).isFalse();
        assertThat(api.get("/api/sandbox/" + sbxId).json().get("state").asString()).as("looking does not resume")
                .isEqualTo("paused");

        TestApi.Response resumed = api.post("/api/sandbox/" + sbxId + "/resume", Map.of());
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(resumed.json().get("state").asString()).isEqualTo("running");
        assertThat(resumed.json().get("resumed").asBoolean()).isTrue();
        assertThat(homes.exists(sbxId)).as("the saved home is deleted once restored").isFalse();
        assertThat(manifest(api, sbxId)).isEqualTo(before);

        TestApi.Response cell = api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "print(x)"));
        assertThat(cell.status()).as(cell.toString()).isEqualTo(200);
        assertThat(cell.body()).as("the interpreter started afresh").contains("NameError");
        TestApi.Response again = api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "print(open('mixed.txt','rb').read()[-4:])"));
        assertThat(again.body()).contains("tail");
    }

    @Test
    void usingAPausedSandboxResumesItAndTheAnswerSaysSo() {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "pass");
        assertThat(terminal(api, sbxId, "echo kept > note.txt").status()).isEqualTo(200);

        pause(api, sbxId);
        TestApi.Response viaTerminal = terminal(api, sbxId, "cat note.txt");
        assertThat(viaTerminal.status()).as(viaTerminal.toString()).isEqualTo(200);
        assertThat(viaTerminal.json().get("stdout").asString()).isEqualTo("kept\n");
        assertThat(viaTerminal.header(Sandboxes.RESUMED_HEADER)).isEqualTo("true");
        assertThat(terminal(api, sbxId, "true").header(Sandboxes.RESUMED_HEADER)).as("a running sandbox: no header").isNull();

        pause(api, sbxId);
        TestApi.Response viaFiles = api.get("/api/sandbox/" + sbxId + "/files/content?path=note.txt");
        assertThat(viaFiles.status()).as(viaFiles.toString()).isEqualTo(200);
        assertThat(viaFiles.json().get("content").asString()).isEqualTo("kept\n");
        assertThat(viaFiles.header(Sandboxes.RESUMED_HEADER)).isEqualTo("true");

        pause(api, sbxId);
        TestApi.Response viaExecute = api.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "print(open('note.txt').read())"));
        assertThat(viaExecute.status()).as(viaExecute.toString()).isEqualTo(200);
        assertThat(viaExecute.body()).contains("kept");
        assertThat(viaExecute.header(Sandboxes.RESUMED_HEADER)).isEqualTo("true");
        assertThat(api.get("/api/sandbox/" + sbxId).json().get("state").asString()).isEqualTo("running");
    }

    @Test
    void theReaperPausesAtTheTimeoutAndUseWakesItUp() throws InterruptedException {
        TestApi api = api(newUser());
        String sbxId = sandboxTimingOut(api);
        awaitUntil(() -> "paused".equals(state(api, sbxId)), "the reaper pauses the sandbox");
        awaitUntil(() -> local().leftovers(sbxId).isEmpty(), "its processes and mounts are gone");
        JsonNode view = api.get("/api/sandbox/" + sbxId).json();
        assertThat(Instant.parse(view.get("expiresAt").asString())).as("kept for the retention (7 days by default)")
                .isAfter(Instant.now().plus(java.time.Duration.ofDays(6)));

        TestApi.Response used = terminal(api, sbxId, "cat t.txt");
        assertThat(used.json().get("stdout").asString()).isEqualTo("before-timeout\n");
        assertThat(used.header(Sandboxes.RESUMED_HEADER)).isEqualTo("true");
        assertThat(Instant.parse(api.get("/api/sandbox/" + sbxId).json().get("expiresAt").asString()))
                .as("a resumed sandbox gets the default lifetime again").isAfter(Instant.now().plusSeconds(60));
    }

    @Test
    void aPausedSandboxPastItsRetentionIsDeletedWithItsSavedHome() throws InterruptedException {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "pass");
        pause(api, sbxId);
        assertThat(homes.exists(sbxId)).isTrue();
        // the retention (7 days) has passed: the row says so
        jdbc.sql("UPDATE sandboxes SET expires_at = :past WHERE id = :id")
                .param("past", Instant.now().minusSeconds(1).atOffset(ZoneOffset.UTC)).param("id", sbxId).update();
        awaitUntil(() -> !homes.exists(sbxId), "the reaper deletes the saved home");
        TestApi.Response gone = api.get("/api/sandbox/" + sbxId);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("message").asString()).contains("deleted after being paused");
        assertThat(api.get("/api/sandbox").body()).doesNotContain(sbxId);
    }

    @Test
    void theQuotaRefusesAPauseWith409AndATimeoutOverItKillsSayingWhy() throws InterruptedException {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "pass");
        assertThat(terminal(api, sbxId, "head -c 4000000 /dev/urandom > big.bin").json().get("exitCode").asInt()).isZero();
        TestApi.Response refused = api.post("/api/sandbox/" + sbxId + "/pause", Map.of());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("error").asBoolean()).isTrue();
        assertThat(refused.json().get("code").asString()).isEqualTo("pause_quota");
        assertThat(refused.json().get("message").asString()).contains("cannot be paused", "3.0 MiB", "quota");
        assertThat(homes.exists(sbxId)).as("nothing half-saved").isFalse();
        TestApi.Response still = terminal(api, sbxId, "ls -l big.bin");
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.header(Sandboxes.RESUMED_HEADER)).as("it kept running").isNull();

        assertThat(api.post("/api/sandbox/" + sbxId + "/timeout", Map.of("timeoutMs", 300)).status()).isEqualTo(200);
        awaitUntil(() -> api.get("/api/sandbox/" + sbxId).status() == 410, "over the quota, the timeout kills");
        assertThat(api.get("/api/sandbox/" + sbxId).json().get("message").asString())
                .contains("its time ran out and its home could not be kept", "quota");
        assertThat(homes.exists(sbxId)).isFalse();
    }

    @Test
    void aDamagedSavedHomeIsRefusedOnResumeAndNothingElseIsAffected() throws IOException {
        TestApi api = api(newUser());
        String damaged = createSandbox(api, "pass");
        String other = createSandbox(api, "pass");
        pause(api, damaged);
        pause(api, other);
        Files.write(homes.saved(damaged), new byte[]{1, 2, 3}, StandardOpenOption.APPEND);

        TestApi.Response refused = api.post("/api/sandbox/" + damaged + "/resume", Map.of());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("paused_home_damaged");
        assertThat(refused.json().get("message").asString()).contains("damaged", "DELETE /api/sandbox/" + damaged)
                .doesNotContain(homes.saved(damaged).toString());
        assertThat(state(api, damaged)).isEqualTo("paused");
        assertThat(api.post("/api/sandbox/" + other + "/resume", Map.of()).status()).isEqualTo(200);
        assertThat(api.delete("/api/sandbox/" + damaged).status()).isEqualTo(200);
        assertThat(homes.exists(damaged)).isFalse();
    }

    @Test
    void pausingWhileACommandRunsStopsItAndTheCommandsFailureDoesNotEndThePausedSandbox() throws Exception {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "pass");
        java.util.concurrent.CompletableFuture<TestApi.Response> running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> terminal(api, sbxId, "sleep 4.5; echo late > late.txt"));
        awaitUntil(() -> terminal(api, sbxId, "pgrep -f 'sleep 4.5' || true").json().get("stdout").asString().strip()
                .matches("[0-9][0-9\\s]*"), "the command runs");
        pause(api, sbxId);
        TestApi.Response cut = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(cut.status()).as("a call the pause cut says so, not gone: " + cut).isEqualTo(409);
        assertThat(cut.json().get("code").asString()).isEqualTo("sandbox_paused");
        assertThat(cut.json().get("message").asString()).contains("was paused while this request ran", "send it again");
        assertThat(state(api, sbxId)).as("the cut command ends nothing").isEqualTo("paused");
        TestApi.Response after = terminal(api, sbxId, "ls late.txt 2>&1 || true");
        assertThat(after.header(Sandboxes.RESUMED_HEADER)).isEqualTo("true");
        assertThat(after.json().get("stdout").asString()).as("the command did not finish").contains("No such file");
    }

    @Test
    void aFullDiskWhileSavingLeavesTheSandboxRunningWithAClearErrorAndNoHalfSavedHome() throws Exception {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "pass");
        assertThat(terminal(api, sbxId, "head -c 2000000 /dev/urandom > two-megabytes.bin").json().get("exitCode").asInt()).isZero();
        java.nio.file.Path paused = homes.saved(sbxId).getParent();
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", paused.toString())).isZero();
        try {
            TestApi.Response full = api.post("/api/sandbox/" + sbxId + "/pause", Map.of());
            assertThat(full.status()).as(full.toString()).isEqualTo(503);
            assertThat(full.json().get("code").asString()).isEqualTo("home_not_saved");
            assertThat(full.json().get("message").asString()).contains("disk is full", "keeps running", "nothing was kept")
                    .doesNotContain(paused.toString());
            try (var left = Files.list(paused)) {
                assertThat(left.toList()).as("no half-saved layer").isEmpty();
            }
        } finally {
            assertThat(run("umount", paused.toString())).isZero();
        }
        TestApi.Response still = terminal(api, sbxId, "ls -l two-megabytes.bin && echo alive");
        assertThat(still.json().get("stdout").asString()).contains("alive");
        assertThat(still.header(Sandboxes.RESUMED_HEADER)).as("it never stopped").isNull();
        assertThat(state(api, sbxId)).isEqualTo("running");
        pause(api, sbxId);
    }

    private static int run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return p.waitFor();
    }

    @Test
    void wrongCallsAnswerClear4xxJsonAndAnotherUsersSandboxIs404() {
        TestApi owner = api(newUser());
        TestApi stranger = api(newUser());
        String sbxId = createSandbox(owner, "pass");

        for (String action : new String[]{"pause", "resume"}) {
            TestApi.Response r = stranger.post("/api/sandbox/" + sbxId + "/" + action, Map.of());
            assertThat(r.status()).as(action).isEqualTo(404);
            assertThat(r.json().get("error").asBoolean()).isTrue();
            TestApi.Response unknown = owner.post("/api/sandbox/sbxunknown00000000000000/" + action, Map.of());
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("message").asString()).contains("not found");
        }
        TestApi.Response notPaused = owner.post("/api/sandbox/" + sbxId + "/resume", Map.of());
        assertThat(notPaused.status()).isEqualTo(409);
        assertThat(notPaused.json().get("message").asString()).contains("is running, not paused");

        pause(owner, sbxId);
        TestApi.Response twice = owner.post("/api/sandbox/" + sbxId + "/pause", Map.of());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("code").asString()).isEqualTo("already_paused");
        assertThat(twice.json().get("message").asString()).contains("already paused");
        assertThat(stranger.get("/api/sandbox/" + sbxId).status()).isEqualTo(404);
        assertThat(stranger.delete("/api/sandbox/" + sbxId).status()).isEqualTo(404);
        // the routes that resume a paused sandbox for its owner find nothing for a stranger, and wake nothing
        for (TestApi.Response r : java.util.List.of(
                stranger.post("/api/sandbox/" + sbxId + "/execute", Map.of("code", "1 + 1")),
                stranger.get("/api/sandbox/" + sbxId + "/files"),
                stranger.get("/api/sandbox/" + sbxId + "/files/content?path=script.py"),
                stranger.post("/api/sandbox/" + sbxId + "/files/content", Map.of("path", "a.txt", "content", "a")),
                terminal(stranger, sbxId, "id"),
                stranger.post("/api/terminal/ticket", Map.of("sbxId", sbxId)),
                stranger.get("/api/sandbox/" + sbxId + "/commands"),
                stranger.post("/api/sandbox/" + sbxId + "/timeout", Map.of("seconds", 60)))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.json().get("error").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.header(Sandboxes.RESUMED_HEADER)).as(r.toString()).isNull();
        }
        assertThat(state(owner, sbxId)).as("the stranger changed nothing").isEqualTo("paused");
        assertThat(homes.exists(sbxId)).as("its saved home is still there").isTrue();

        // killing a paused sandbox deletes it and its saved home; then it is not found
        assertThat(owner.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(homes.exists(sbxId)).isFalse();
        TestApi.Response afterKill = owner.post("/api/sandbox/" + sbxId + "/resume", Map.of());
        assertThat(afterKill.status()).isEqualTo(404);
        assertThat(afterKill.json().get("message").asString()).contains("not found");
    }

    @Test
    void theOpenApiDescriptionDocumentsThePauseRoutesAndTheResumedHeader() {
        JsonNode paths = new TestApi(port).get("/api/openapi.json").json().get("paths");
        assertThat(paths.has("/api/sandbox/{sbxId}/pause")).isTrue();
        assertThat(paths.has("/api/sandbox/{sbxId}/resume")).isTrue();
        JsonNode execute = paths.get("/api/sandbox/{sbxId}/execute").get("post");
        assertThat(paths.get("/api/sandbox/{sbxId}/pause").get("post").get("summary").asString()).contains("interpreter variables");
        assertThat(execute.get("description").asString()).contains(Sandboxes.RESUMED_HEADER);
        assertThat(execute.get("responses").get("200").get("headers").has(Sandboxes.RESUMED_HEADER)).isTrue();
        assertThat(paths.get("/api/terminal").get("post").get("description").asString()).contains(Sandboxes.RESUMED_HEADER);
    }

    private void pause(TestApi api, String sbxId) {
        TestApi.Response r = api.post("/api/sandbox/" + sbxId + "/pause", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private String manifest(TestApi api, String sbxId) {
        TestApi.Response r = terminal(api, sbxId, MANIFEST);
        assertThat(r.json().get("exitCode").asInt()).as(r.toString()).isZero();
        return r.json().get("stdout").asString();
    }

    private static String state(TestApi api, String sbxId) {
        TestApi.Response r = api.get("/api/sandbox/" + sbxId);
        return r.status() == 200 ? r.json().get("state").asString() : "status " + r.status();
    }

    private static JsonNode find(JsonNode sandboxes, String sbxId) {
        for (JsonNode s : sandboxes) {
            if (s.get("sbxId").asString().equals(sbxId)) {
                return s;
            }
        }
        throw new AssertionError(sbxId + " not listed in " + sandboxes);
    }
}
