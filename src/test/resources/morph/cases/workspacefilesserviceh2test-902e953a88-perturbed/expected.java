package io.codingit.files.internal;

import io.codingit.files.FileNode;
import io.codingit.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class WorkspaceFilesServiceH2Test extends WorkspaceFilesServiceTests {

    /** H2 stops waiting for a row lock after its lock timeout; PostgreSQL waits, so this is H2's case. */
    @Test
    void aWriteThatCannotGetTheWorkspaceLockIsA503AndWritesNothing() throws Exception {
        String busy = "busy-" + UUID.randomUUID();
        files.create(busy, file("first.txt", "creates the usage row"));
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT entry_count FROM workspace_usage WHERE user_id = ? FOR UPDATE")) {
                lock.setString(1, busy);
                lock.executeQuery().close();
            }
            assertStatus(() -> files.create(busy, file("second.txt", "x")), HttpStatus.SERVICE_UNAVAILABLE);
            holder.rollback();
        }
        assertThat(files.tree(busy)).extracting(FileNode::path).containsExactly("first.txt");
    }
}
