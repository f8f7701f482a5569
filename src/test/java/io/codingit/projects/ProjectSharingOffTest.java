package io.codingit.projects;

import io.codingit.support.IntegrationTest;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import java.time.OffsetDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code codingit.projects.sharing-enabled=false}: no link can be made, and links made before answer 404. */
@IntegrationTest
@TestPropertySource(properties = "codingit.projects.sharing-enabled=false")
class ProjectSharingOffTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void sharingSwitchedOffRefusesNewLinksAndHidesOldOnes() {
        TestApi anonymous = new TestApi(port);
        ProjectsClient me = new ProjectsClient(anonymous, TestUsers.signUp(anonymous).accessToken(), null);
        String project = ProjectsApiTests.importProjectWithResult(me, "Unshared", ProjectsApiTests.png(2));

        TestApi.Response refused = me.api.post("/api/projects/" + project + "/shares", Map.of("version", 1));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("code").asString()).isEqualTo("sharing_disabled");

        // a link made while sharing was on
        String shareId = "A".repeat(43);
        jdbc.sql("INSERT INTO project_shares (id, project_id, version, created_at) VALUES (?, ?, 1, ?)")
                .params(shareId, project, OffsetDateTime.now()).update();
        assertThat(anonymous.get("/api/shared/" + shareId).status()).isEqualTo(404);
        assertThat(anonymous.get("/api/shared/" + shareId + "/blobs/" + ProjectsApiTests.sha256(ProjectsApiTests.png(2))).status())
                .isEqualTo(404);
    }
}
