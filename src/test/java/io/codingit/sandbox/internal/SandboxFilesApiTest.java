package io.codingit.sandbox.internal;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxFilesApiTest extends SandboxApiTestBase {

    @Test
    void treeReadAndWriteStayInsideTheHome() {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "pass");
        String base = "/api/sandbox/" + sbxId + "/files";
        TestApi.Response written = api.post(base + "/content", Map.of("path", "src/app.py", "content", "print('hi')\n"));
        assertThat(written.status()).as(written.toString()).isEqualTo(200);
        assertThat(written.json().get("path").asString()).isEqualTo("/home/user/src/app.py");
        assertThat(written.json().get("success").asBoolean()).isTrue();
        terminal(api, sbxId, "mkdir -p node_modules/pkg && touch node_modules/pkg/index.js");

        JsonNode tree = api.get(base).json().get("files");
        assertThat(tree.toString()).contains("\"name\":\"src\"", "\"isDirectory\":true", "/home/user/src/app.py")
                .doesNotContain("node_modules");
        JsonNode read = api.get(base + "/content?path=src/app.py").json();
        assertThat(read.get("content").asString()).isEqualTo("print('hi')\n");
        assertThat(read.get("path").asString()).isEqualTo("/home/user/src/app.py");
        assertThat(api.get(base + "/content?path=missing.txt").status()).isEqualTo(404);
    }

    @Test
    void traversalIsForbidden() {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "pass");
        String base = "/api/sandbox/" + sbxId + "/files";
        assertThat(api.get(base + "/content?path=../../etc/passwd").status()).isEqualTo(403);
        assertThat(api.get(base + "/content?path=/etc/passwd").status()).isEqualTo(403);
        assertThat(api.post(base + "/content", Map.of("path", "/home/user/../x", "content", "x")).status()).isEqualTo(403);
        assertThat(api.post(base + "/content", Map.of("path", "/tmp/x", "content", "x")).status()).isEqualTo(403);
    }

    @Test
    void symlinksPlantedByTheSandboxNeverLeadOutOfItsHome() {
        TestApi owner = api(newUser());
        String victimSbx = createSandbox(owner, "pass");
        owner.post("/api/sandbox/" + victimSbx + "/files/content", Map.of("path", "secret.txt", "content", "victim"));
        String victimDir = local().leftovers(victimSbx).stream().filter(s -> s.startsWith("directory "))
                .findFirst().orElseThrow().substring("directory ".length());

        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "pass");
        String base = "/api/sandbox/" + sbxId + "/files/content";
        terminal(api, sbxId, "ln -s /etc/shadow shadow; ln -s /etc/passwd passwd; ln -s /etc etcdir; "
                + "ln -s " + victimDir + "/home/secret.txt victim; ln -s " + victimDir + "/home victimdir; "
                + "ln -s /tmp/target link");

        assertThat(api.get(base + "?path=shadow").status()).isIn(403, 404);
        assertThat(api.get(base + "?path=passwd").status()).isEqualTo(403);
        assertThat(api.get(base + "?path=etcdir/hostname").status()).isIn(403, 404);
        TestApi.Response victim = api.get(base + "?path=victim");
        assertThat(victim.status()).isIn(403, 404);
        assertThat(victim.body()).doesNotContain("\"victim\"");
        assertThat(api.get(base + "?path=victimdir/secret.txt").status()).isIn(403, 404);

        assertThat(api.post(base, Map.of("path", "etcdir/evil", "content", "x")).status()).isEqualTo(403);
        assertThat(api.post(base, Map.of("path", "link", "content", "x")).status()).isEqualTo(403);
        assertThat(api.post(base, Map.of("path", "victimdir/secret.txt", "content", "pwned")).status()).isIn(403, 404);
        assertThat(owner.get("/api/sandbox/" + victimSbx + "/files/content?path=secret.txt").json().get("content").asString())
                .isEqualTo("victim");
        assertThat(api.get("/api/sandbox/" + sbxId + "/files").status()).isEqualTo(200);
    }

    @Test
    void terminalRunsInTheRequestedDirectoryInsideTheHomeOnly() {
        TestApi api = api(newUser());
        String sbxId = createSandbox(api, "pass");
        terminal(api, sbxId, "mkdir -p 'dir with space'");
        TestApi.Response r = api.post("/api/terminal", Map.of("sbxId", sbxId, "command", "pwd",
                "workingDirectory", "/home/user/dir with space"));
        assertThat(r.json().get("stdout").asString()).isEqualTo("/home/user/dir with space\n");
        assertThat(r.json().get("workingDirectory").asString()).isEqualTo("/home/user/dir with space");
        assertThat(api.post("/api/terminal", Map.of("sbxId", sbxId, "command", "pwd", "workingDirectory", "/etc")).status())
                .isEqualTo(403);
        assertThat(api.post("/api/terminal", Map.of("sbxId", sbxId, "command", "pwd", "workingDirectory", "/home/user/nope"))
                .status()).isEqualTo(400);

        JsonNode failed = terminal(api, sbxId, "echo out; echo err >&2; exit 7").json();
        assertThat(failed.get("exitCode").asInt()).isEqualTo(7);
        assertThat(failed.get("stdout").asString()).isEqualTo("out\n");
        assertThat(failed.get("stderr").asString()).isEqualTo("err\n");

        JsonNode missing = terminal(api, sbxId, "definitely-not-a-command").json();
        assertThat(missing.get("exitCode").asInt()).isEqualTo(127);
        assertThat(missing.get("stderr").asString()).contains("command not found", "Command not found");

        assertThat(api.post("/api/terminal", Map.of("sbxId", sbxId)).status()).isEqualTo(400);
        assertThat(api.post("/api/terminal", Map.of("command", "id")).status()).isEqualTo(400);
    }
}
