package io.codingit.projects;

import io.codingit.chat.ChatTest;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.Prerequisites;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProjectsApiTests} on H2, in the chat tests' context (the fake model's host allow-listed), and a
 * version run in a real sandbox.
 */
@ChatTest
class ProjectsH2Test extends ProjectsApiTests {
    static final String CHART = """
            import matplotlib.pyplot as plt
            plt.plot([0, 1, 2], [0, 1, 4])
            plt.title("same chart")
            plt.show()
            print("drawn")
            """;

    @Autowired
    SandboxProvider sandboxes;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aRunIsStoredWithItsVersionAndItsImageOnceByHash() {
        Prerequisites.require(sandboxes.status().available(),
                "sandboxes unavailable on this host: " + sandboxes.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
        String project = me.createProject("Charts");
        me.say(project, null, "draw", ProjectsClient.fragment("Chart", CHART));

        JsonNode first = me.api.post("/api/projects/" + project + "/versions/1/run", null).json();
        JsonNode second = me.api.post("/api/projects/" + project + "/versions/1/run", null).json();
        try {
            assertThat(first.get("stdout").asString()).contains("drawn");
            JsonNode cell = first.get("cellResults").get(0);
            assertThat(cell.has("png")).as("the image is not inline").isFalse();
            String sha = cell.get("blobs").get("png").asString();
            assertThat(second.get("cellResults").get(0).get("blobs").get("png").asString()).isEqualTo(sha);
            assertThat(cell.get("urls").get("png").asString()).isEqualTo("/api/projects/" + project + "/blobs/" + sha);

            // two results, one stored image
            assertThat(jdbc.sql("SELECT COUNT(*) FROM run_results WHERE project_id = ?").param(project).query(Long.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM project_blobs WHERE project_id = ?").param(project).query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT cell_results FROM run_results WHERE project_id = ?").param(project).query(String.class).list())
                    .allSatisfy(stored -> assertThat(stored).contains(sha).doesNotContain("iVBOR"));

            HttpResponse<byte[]> image = me.getBytes(cell.get("urls").get("png").asString(), true);
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(Arrays.copyOf(image.body(), 4)).isEqualTo(new byte[]{(byte) 0x89, 'P', 'N', 'G'});
            assertThat(sha256(image.body())).isEqualTo(sha);

            // reopening the version shows its latest result
            JsonNode version = me.api.get("/api/projects/" + project + "/versions/1").json();
            assertThat(version.get("result").get("id").asString()).isEqualTo(second.get("id").asString());
            assertThat(version.get("hasResult").asBoolean()).isTrue();
        } finally {
            me.api.delete("/api/sandbox/" + first.path("sandboxId").asString());
            me.api.delete("/api/sandbox/" + second.path("sandboxId").asString());
        }
    }

    /**
     * Issue 24: a version's Run goes into the chat's sandbox (one sandbox per chat), its interpreter state kept,
     * as a chat's runs do; a sandbox that cannot take it (not the caller's, ended) gets a new one and is left alone.
     */
    @Test
    void aVersionRunReusesTheNamedSandboxOfTheCaller() {
        Prerequisites.require(sandboxes.status().available(),
                "sandboxes unavailable on this host: " + sandboxes.status().unavailableReason(), Prerequisites.SANDBOX_PACKAGES);
        String project = me.createProject("Reuse");
        me.say(project, null, "use kept", ProjectsClient.fragment("Kept", "print('kept', kept + 1)\n"));
        JsonNode chat = me.api.post("/api/sandbox", java.util.Map.of("fragment",
                java.util.Map.of("template", "code-interpreter-v1", "code", "kept = 41\n"))).json();
        String sbxId = chat.get("sbxId").asString();
        String other = null;
        try {
            JsonNode run = me.api.post("/api/projects/" + project + "/versions/1/run", java.util.Map.of("sbxId", sbxId)).json();
            assertThat(run.get("sandboxId").asString()).isEqualTo(sbxId);
            assertThat(run.get("stdout").asString()).as(run.toString()).contains("kept 42");
            assertThat(me.api.get("/api/sandbox").json().get("sandboxes").size()).isEqualTo(1);

            // an id that is not a live sandbox of the caller's: a new sandbox, the chat's left as it was
            JsonNode fresh = me.api.post("/api/projects/" + project + "/versions/1/run", java.util.Map.of("sbxId", "sbx-not-mine")).json();
            other = fresh.get("sandboxId").asString();
            assertThat(other).isNotEqualTo(sbxId);
            assertThat(fresh.get("stdout").asString() + fresh.get("runtimeError")).contains("NameError");
            assertThat(me.api.get("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        } finally {
            me.api.delete("/api/sandbox/" + sbxId);
            if (other != null) {
                me.api.delete("/api/sandbox/" + other);
            }
        }
    }
}
