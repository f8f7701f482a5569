package io.codingit.files.internal;

import io.codingit.files.WorkspaceFile;
import io.codingit.files.WorkspacePath;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for workspace files. Every statement is scoped by user id, and none runs once per file:
 * sets of paths travel as one array parameter, inserts and moves as one JDBC batch.
 */
@Repository
class WorkspaceFileRepository {
    private static final String COLUMNS =
            "id, user_id, path, is_directory, content, size_bytes, version, created_at, updated_at";
    /** A directory's own row or anything below it; the pattern is the escaped path plus "/%". */
    private static final String SUBTREE = "user_id = ? AND (path = ? OR path LIKE ? ESCAPE '\\')";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    WorkspaceFileRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    record TreeRow(String path, boolean directory) {
    }

    record Usage(long entries, long bytes) {
    }

    record SubtreeEntry(UUID id, WorkspacePath path) {
    }

    List<TreeRow> treeRows(String userId) {
        return jdbc.sql("SELECT path, is_directory FROM workspace_files WHERE user_id = ?")
                .param(userId)
                .query((rs, i) -> new TreeRow(rs.getString(1), rs.getBoolean(2)))
                .list();
    }

    /** Which of {@code paths} exist, and whether each is a directory. */
    Map<String, Boolean> kinds(String userId, Collection<String> paths) {
        Map<String, Boolean> kinds = new HashMap<>();
        if (paths.isEmpty()) {
            return kinds;
        }
        jdbc.sql("SELECT path, is_directory FROM workspace_files WHERE user_id = ? AND path = ANY(?)")
                .param(userId)
                .param(paths.toArray(String[]::new))
                .query(rs -> {
                    kinds.put(rs.getString(1), rs.getBoolean(2));
                });
        return kinds;
    }

    Optional<WorkspaceFile> find(String userId, WorkspacePath path) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM workspace_files WHERE user_id = ? AND path = ?")
                .param(userId)
                .param(path.value())
                .query(FILE)
                .optional();
    }

    void insertAll(List<WorkspaceFile> files) {
        batch.batchUpdate("INSERT INTO workspace_files (id, user_id, path, name, parent_path, is_directory, content, "
                        + "size_bytes, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                files, files.size(), (ps, f) -> {
                    ps.setObject(1, f.id());
                    ps.setString(2, f.userId());
                    ps.setString(3, f.path().value());
                    ps.setString(4, f.name());
                    ps.setString(5, f.parentPath());
                    ps.setBoolean(6, f.directory());
                    ps.setBytes(7, f.content());
                    ps.setLong(8, f.sizeBytes());
                    ps.setLong(9, f.version());
                    ps.setObject(10, utc(f.createdAt()));
                    ps.setObject(11, utc(f.updatedAt()));
                });
    }

    void updateContent(WorkspaceFile file) {
        jdbc.sql("UPDATE workspace_files SET content = ?, size_bytes = ?, version = ?, updated_at = ? "
                        + "WHERE user_id = ? AND id = ?")
                .param(file.content())
                .param(file.sizeBytes())
                .param(file.version())
                .param(utc(file.updatedAt()))
                .param(file.userId())
                .param(file.id())
                .update();
    }

    /** Entries and bytes in {@code path} and below it. */
    Usage subtreeUsage(String userId, WorkspacePath path) {
        return jdbc.sql("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM workspace_files WHERE " + SUBTREE)
                .params(userId, path.value(), descendantsPattern(path))
                .query((rs, i) -> new Usage(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    int deleteSubtree(String userId, WorkspacePath path) {
        return jdbc.sql("DELETE FROM workspace_files WHERE " + SUBTREE)
                .params(userId, path.value(), descendantsPattern(path))
                .update();
    }

    List<SubtreeEntry> subtree(String userId, WorkspacePath path) {
        return jdbc.sql("SELECT id, path FROM workspace_files WHERE " + SUBTREE)
                .params(userId, path.value(), descendantsPattern(path))
                .query((rs, i) -> new SubtreeEntry(rs.getObject(1, UUID.class), WorkspacePath.of(rs.getString(2))))
                .list();
    }

    /** Gives each entry its new path in one batch; ids keep the rows (and their ETags) the same. */
    void relocate(String userId, Map<UUID, WorkspacePath> newPaths, Instant now) {
        List<Map.Entry<UUID, WorkspacePath>> moves = List.copyOf(newPaths.entrySet());
        batch.batchUpdate("UPDATE workspace_files SET path = ?, name = ?, parent_path = ?, updated_at = ? "
                        + "WHERE user_id = ? AND id = ?",
                moves, moves.size(), (ps, move) -> {
                    ps.setString(1, move.getValue().value());
                    ps.setString(2, move.getValue().name());
                    ps.setString(3, move.getValue().parentValue());
                    ps.setObject(4, utc(now));
                    ps.setString(5, userId);
                    ps.setObject(6, move.getKey());
                });
    }

    /** Locks the user's usage row for the rest of the transaction (creating it on first use). */
    Usage lockUsage(String userId) {
        Optional<Usage> usage = selectUsageForUpdate(userId);
        if (usage.isPresent()) {
            return usage.get();
        }
        jdbc.sql("INSERT INTO workspace_usage (user_id, entry_count, total_bytes) VALUES (?, 0, 0) "
                + "ON CONFLICT DO NOTHING").param(userId).update();
        return selectUsageForUpdate(userId).orElseThrow();
    }

    void addUsage(String userId, long entries, long bytes) {
        if (entries == 0 && bytes == 0) {
            return;
        }
        jdbc.sql("UPDATE workspace_usage SET entry_count = entry_count + ?, total_bytes = total_bytes + ? "
                        + "WHERE user_id = ?")
                .params(entries, bytes, userId)
                .update();
    }

    private Optional<Usage> selectUsageForUpdate(String userId) {
        return jdbc.sql("SELECT entry_count, total_bytes FROM workspace_usage WHERE user_id = ? FOR UPDATE")
                .param(userId)
                .query((rs, i) -> new Usage(rs.getLong(1), rs.getLong(2)))
                .optional();
    }

    private static String descendantsPattern(WorkspacePath path) {
        return path.value().replace("%", "\\%").replace("_", "\\_") + "/%";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static final RowMapper<WorkspaceFile> FILE = WorkspaceFileRepository::mapFile;

    private static WorkspaceFile mapFile(ResultSet rs, int row) throws SQLException {
        return new WorkspaceFile(
                rs.getObject("id", UUID.class),
                rs.getString("user_id"),
                WorkspacePath.of(rs.getString("path")),
                rs.getBoolean("is_directory"),
                rs.getBytes("content"),
                rs.getLong("size_bytes"),
                rs.getLong("version"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
