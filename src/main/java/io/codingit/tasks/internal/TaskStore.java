package io.codingit.tasks.internal;

import io.codingit.common.DataDirectory;
import io.codingit.common.SecretCipher;
import io.codingit.tasks.TaskStatus;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code tasks}, {@code task_logs} and {@code task_owners} tables: the task store and the queue.
 * Every state change is one conditional statement (or one short transaction), so that several
 * servers sharing the database never run a task twice, never lose a log line and never overwrite
 * a task they no longer hold. Times come from the servers' clocks (kept in sync by NTP); a lease
 * is long compared with any sane skew.
 */
@Repository
class TaskStore {
    private static final String COLUMNS = """
            id, user_id, status, progress, prompt, repo_url, selected_agent, selected_model, sandbox_url,
            branch_name, error, pull_request_url, created_at, updated_at, finished_at, attempts, cancel_requested, log_seq,
            model_api_key, model_base_url""";
    private static final RowMapper<TaskRecord> TASK = (rs, n) -> new TaskRecord(
            rs.getString("id"), rs.getString("user_id"), TaskStatus.fromWire(rs.getString("status")),
            rs.getInt("progress"), rs.getString("prompt"), rs.getString("repo_url"),
            rs.getString("selected_agent"), rs.getString("selected_model"), rs.getString("sandbox_url"),
            rs.getString("branch_name"), rs.getString("error"), rs.getString("pull_request_url"), instant(rs.getObject("created_at", OffsetDateTime.class)),
            instant(rs.getObject("updated_at", OffsetDateTime.class)),
            instant(rs.getObject("finished_at", OffsetDateTime.class)), rs.getInt("attempts"),
            rs.getBoolean("cancel_requested"), rs.getLong("log_seq"), rs.getString("model_api_key"),
            rs.getString("model_base_url"));
    private static final RowMapper<TaskLogLine> LOG = (rs, n) -> new TaskLogLine(rs.getString("task_id"),
            rs.getLong("seq"), instant(rs.getObject("logged_at", OffsetDateTime.class)),
            TaskLogType.valueOf(rs.getString("type").toUpperCase(java.util.Locale.ROOT)), rs.getString("message"));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SecretCipher keys;

    TaskStore(JdbcClient jdbc, PlatformTransactionManager transactions, TasksProperties properties, DataDirectory dataDirectory) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.keys = SecretCipher.of(TasksProperties.GENERATED_KEY.equals(properties.modelKeyEncryptionKey()) ? null
                        : properties.modelKeyEncryptionKey(),
                "codingit.tasks.model-key-encryption-key (CODINGIT_TASKS_MODEL_KEY_ENCRYPTION_KEY)",
                () -> dataDirectory.featureDirectory("tasks").resolve("model-key-encryption-key"), "task model key encryption key");
    }

    /**
     * The task's spec with the caller's own model key decrypted (the task id is bound in). A key that cannot
     * be decrypted (the encryption key changed) fails the run, saying so, rather than using the server's key.
     */
    TaskSpec spec(TaskRecord task) {
        TaskSpec spec = task.spec();
        if (task.sealedModelApiKey() == null) {
            return spec;
        }
        String key;
        try {
            key = keys.decrypt(task.sealedModelApiKey(), task.id());
        } catch (SecretCipher.UndecryptableException e) {
            throw new TaskFailedException("The API key given with this task cannot be read back on this server "
                    + "(codingit.tasks.model-key-encryption-key differs); start the task again");
        }
        return new TaskSpec(spec.taskId(), spec.userId(), spec.prompt(), spec.repoUrl(), spec.agent(), spec.model(),
                key, spec.baseUrl());
    }

    // ---- tasks as the routes see them ----

    void insert(TaskSpec spec, Instant now) {
        ensureOwnerRow(spec.userId());
        jdbc.sql("""
                        INSERT INTO tasks (id, user_id, status, progress, prompt, repo_url, selected_agent, selected_model,
                                           created_at, updated_at, attempts, cancel_requested, log_seq,
                                           model_api_key, model_base_url)
                        VALUES (:id, :userId, 'pending', 0, :prompt, :repoUrl, :agent, :model, :now, :now, 0, FALSE, 0,
                                :apiKey, :baseUrl)""")
                .param("id", spec.taskId()).param("userId", spec.userId()).param("prompt", spec.prompt())
                .param("repoUrl", spec.repoUrl()).param("agent", spec.agent()).param("model", spec.model())
                .param("apiKey", spec.apiKey() == null ? null : keys.encrypt(spec.apiKey(), spec.taskId()))
                .param("baseUrl", spec.baseUrl())
                .param("now", utc(now))
                .update();
    }

    /** The row a claim locks; created once per user, outside the claim so that its transaction stays short. */
    private void ensureOwnerRow(String userId) {
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM task_owners WHERE user_id = :u").param("u", userId)
                .query(Long.class).single() > 0;
        if (!exists) {
            try {
                jdbc.sql("INSERT INTO task_owners (user_id) VALUES (:u)").param("u", userId).update();
            } catch (DuplicateKeyException concurrentInsert) {
                // another request of the same user created it first
            }
        }
    }

    Optional<TaskRecord> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE id = :id").param("id", id).query(TASK).optional();
    }

    Optional<TaskRecord> findOwned(String userId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE id = :id AND user_id = :userId")
                .param("id", id).param("userId", userId).query(TASK).optional();
    }

    /** The user's tasks, newest first. */
    List<TaskRecord> listOwned(String userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE user_id = :userId ORDER BY created_at DESC, id DESC")
                .param("userId", userId).query(TASK).list();
    }

    /** The log lines of a task after {@code afterSeq}, in order, at most {@code limit}. */
    List<TaskLogLine> logs(String taskId, long afterSeq, int limit) {
        return jdbc.sql("""
                        SELECT task_id, seq, logged_at, type, message FROM task_logs
                        WHERE task_id = :taskId AND seq > :after ORDER BY seq LIMIT :limit""")
                .param("taskId", taskId).param("after", afterSeq).param("limit", limit).query(LOG).list();
    }

    /** Every log line of the user's tasks, grouped by task, each group in order (one query for a list). */
    Map<String, List<TaskLogLine>> logsOfUser(String userId) {
        Map<String, List<TaskLogLine>> byTask = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT l.task_id, l.seq, l.logged_at, l.type, l.message FROM task_logs l
                        JOIN tasks t ON t.id = l.task_id WHERE t.user_id = :userId ORDER BY l.task_id, l.seq""")
                .param("userId", userId).query(LOG).list()
                .forEach(line -> byTask.computeIfAbsent(line.taskId(), k -> new ArrayList<>()).add(line));
        return byTask;
    }

    boolean deleteOwned(String userId, String id) {
        return jdbc.sql("DELETE FROM tasks WHERE id = :id AND user_id = :userId")
                .param("id", id).param("userId", userId).update() > 0;
    }

    /** Deletes the user's tasks in one of {@code statuses}; never touches pending or processing ones. */
    int deleteOwnedWithStatus(String userId, Set<TaskStatus> statuses) {
        List<String> wire = statuses.stream().filter(TaskStatus::terminal).map(TaskStatus::wire).toList();
        if (wire.isEmpty()) {
            return 0;
        }
        return jdbc.sql("DELETE FROM tasks WHERE user_id = :userId AND status IN (:statuses)")
                .param("userId", userId).param("statuses", wire).update();
    }

    /** A pending task is cancelled on the spot; true if this call did it. */
    boolean cancelPending(String id, String reason, Instant now) {
        return jdbc.sql("""
                        UPDATE tasks SET status = 'cancelled', cancel_requested = TRUE, error = :reason,
                               finished_at = :now, updated_at = :now, model_api_key = NULL
                        WHERE id = :id AND status = 'pending'""")
                .param("reason", reason).param("now", utc(now)).param("id", id).update() > 0;
    }

    /** Asks the server running a task to stop it; true if the task is processing. */
    boolean requestCancel(String id, Instant now) {
        return jdbc.sql("""
                        UPDATE tasks SET cancel_requested = TRUE, updated_at = :now
                        WHERE id = :id AND status = 'processing'""")
                .param("now", utc(now)).param("id", id).update() > 0;
    }

    // ---- the queue ----

    /** Oldest pending tasks first: the candidates a worker tries to claim. */
    List<TaskRecord> pending(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE status = 'pending' ORDER BY created_at, id LIMIT :limit")
                .param("limit", limit).query(TASK).list();
    }

    /**
     * Claims {@code candidate} for {@code owner} if it is still pending and its user runs fewer than
     * {@code maxPerUser} tasks. The user's {@code task_owners} row is locked first, so that claims of
     * the same user's tasks (on any server) are serialised and the count is exact; the conditional
     * UPDATE makes the claim itself atomic: of two servers racing for one row, one updates it and
     * the other updates nothing.
     */
    Optional<TaskRecord> claim(TaskRecord candidate, String owner, int maxPerUser, Instant now,
                               Instant leaseUntil, Instant deadline) {
        return tx.execute(status -> {
            jdbc.sql("SELECT user_id FROM task_owners WHERE user_id = :u FOR UPDATE")
                    .param("u", candidate.userId()).query(String.class).optional();
            long running = jdbc.sql("SELECT COUNT(*) FROM tasks WHERE user_id = :u AND status = 'processing'")
                    .param("u", candidate.userId()).query(Long.class).single();
            if (running >= maxPerUser) {
                return Optional.<TaskRecord>empty();
            }
            int claimed = jdbc.sql("""
                            UPDATE tasks SET status = 'processing', lease_owner = :owner, lease_expires_at = :lease,
                                   attempts = attempts + 1, deadline = :deadline, updated_at = :now
                            WHERE id = :id AND status = 'pending'""")
                    .param("owner", owner).param("lease", utc(leaseUntil)).param("deadline", utc(deadline))
                    .param("now", utc(now)).param("id", candidate.id()).update();
            return claimed == 1 ? find(candidate.id()) : Optional.<TaskRecord>empty();
        });
    }

    /** Extends the leases of the tasks this server runs; returns the ids it still holds. */
    Set<String> renew(String owner, Collection<String> ids, Instant leaseUntil) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        jdbc.sql("""
                        UPDATE tasks SET lease_expires_at = :lease
                        WHERE lease_owner = :owner AND status = 'processing' AND id IN (:ids)""")
                .param("lease", utc(leaseUntil)).param("owner", owner).param("ids", ids).update();
        return Set.copyOf(jdbc.sql("SELECT id FROM tasks WHERE lease_owner = :owner AND status = 'processing' AND id IN (:ids)")
                .param("owner", owner).param("ids", ids).query(String.class).list());
    }

    /** Of the tasks this server runs, those whose cancellation was asked (possibly on another server). */
    List<String> cancelRequested(String owner, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT id FROM tasks WHERE lease_owner = :owner AND status = 'processing'
                        AND cancel_requested = TRUE AND id IN (:ids)""")
                .param("owner", owner).param("ids", ids).query(String.class).list();
    }

    record Expired(String id, String userId, int attempts, boolean cancelRequested) {
    }

    List<Expired> expiredLeases(Instant now) {
        return jdbc.sql("""
                        SELECT id, user_id, attempts, cancel_requested FROM tasks
                        WHERE status = 'processing' AND lease_expires_at < :now ORDER BY lease_expires_at""")
                .param("now", utc(now)).query(Expired.class).list();
    }

    /** Queues a task whose worker died again; only if its lease is still expired (nobody renewed it meanwhile). */
    boolean requeueExpired(String id, Instant now) {
        return jdbc.sql("""
                        UPDATE tasks SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, deadline = NULL,
                               updated_at = :now
                        WHERE id = :id AND status = 'processing' AND lease_expires_at < :now AND cancel_requested = FALSE""")
                .param("now", utc(now)).param("id", id).update() > 0;
    }

    /** Ends a task whose worker died for good (or whose cancellation was pending when it died), with its last line. */
    boolean failExpired(String id, TaskStatus status, String reason, TaskLogType lineType, String line, Instant now) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            int ended = jdbc.sql("""
                            UPDATE tasks SET status = :status, error = :reason, lease_owner = NULL, lease_expires_at = NULL,
                                   finished_at = :now, updated_at = :now, model_api_key = NULL
                            WHERE id = :id AND status = 'processing' AND lease_expires_at < :now""")
                    .param("status", status.wire()).param("reason", reason).param("now", utc(now)).param("id", id)
                    .update();
            if (ended == 1) {
                appendLog(id, lineType, line, now);
            }
            return ended == 1;
        }));
    }

    /** Gives a task back to the queue (graceful shutdown) without counting the attempt. */
    boolean release(String id, String owner, Instant now) {
        return jdbc.sql("""
                        UPDATE tasks SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, deadline = NULL,
                               attempts = attempts - 1, updated_at = :now
                        WHERE id = :id AND lease_owner = :owner AND status = 'processing'""")
                .param("now", utc(now)).param("id", id).param("owner", owner).update() > 0;
    }

    // ---- what a running task reports ----

    /**
     * Appends a line with the task's next sequence number: the counter on the task row is bumped
     * first, so concurrent writers queue on that row lock and each gets its own number; the line
     * and the counter commit together. Returns the line, or empty when the task no longer exists.
     */
    Optional<TaskLogLine> appendLog(String taskId, TaskLogType type, String message, Instant now) {
        return tx.execute(status -> {
            int bumped = jdbc.sql("UPDATE tasks SET log_seq = log_seq + 1, updated_at = :now WHERE id = :id")
                    .param("now", utc(now)).param("id", taskId).update();
            if (bumped == 0) {
                return Optional.<TaskLogLine>empty();
            }
            long seq = jdbc.sql("SELECT log_seq FROM tasks WHERE id = :id").param("id", taskId)
                    .query(Long.class).single();
            jdbc.sql("INSERT INTO task_logs (task_id, seq, logged_at, type, message) VALUES (:id, :seq, :at, :type, :message)")
                    .param("id", taskId).param("seq", seq).param("at", utc(now)).param("type", type.wire())
                    .param("message", message).update();
            return Optional.of(new TaskLogLine(taskId, seq, now, type, message));
        });
    }

    /** Raises the progress (never lowers it) while the owner holds the task. */
    boolean progress(String taskId, String owner, int percent, Instant now) {
        return jdbc.sql("""
                        UPDATE tasks SET progress = :p, updated_at = :now
                        WHERE id = :id AND lease_owner = :owner AND status = 'processing' AND progress < :p""")
                .param("p", percent).param("now", utc(now)).param("id", taskId).param("owner", owner).update() > 0;
    }

    boolean setField(String taskId, String owner, String column, String value, Instant now) {
        if (!column.equals("branch_name") && !column.equals("sandbox_url")) {
            throw new IllegalArgumentException(column);
        }
        return jdbc.sql("UPDATE tasks SET " + column + " = :v, updated_at = :now "
                        + "WHERE id = :id AND lease_owner = :owner AND status = 'processing'")
                .param("v", value).param("now", utc(now)).param("id", taskId).param("owner", owner).update() > 0;
    }

    /**
     * Ends a task this server holds and appends its last log line, in one transaction (a stream
     * that sees the final status has the final line too). False when the server lost the task
     * meanwhile (deleted, or its lease ran out and another server claimed it).
     */
    boolean finish(String taskId, String owner, TaskStatus status, String error, TaskOutcome outcome,
                   TaskLogType lineType, String line, Instant now) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            int ended = jdbc.sql("""
                            UPDATE tasks SET status = :status, error = :error,
                                   progress = CASE WHEN :completed THEN 100 ELSE progress END,
                                   branch_name = COALESCE(:branch, branch_name), sandbox_url = COALESCE(:sandbox, sandbox_url),
                                   lease_owner = NULL, lease_expires_at = NULL, finished_at = :now, updated_at = :now,
                                   model_api_key = NULL
                            WHERE id = :id AND lease_owner = :owner AND status = 'processing'""")
                    .param("status", status.wire()).param("error", error)
                    .param("completed", status == TaskStatus.COMPLETED)
                    .param("branch", outcome == null ? null : outcome.branchName())
                    .param("sandbox", outcome == null ? null : outcome.sandboxUrl())
                    .param("now", utc(now)).param("id", taskId).param("owner", owner).update();
            if (ended == 1 && line != null) {
                appendLog(taskId, lineType, line, now);
            }
            return ended == 1;
        }));
    }

    /** Records the pull request opened for a task; false when one was recorded already. */
    boolean setPullRequest(String taskId, String url, Instant now) {
        return jdbc.sql("UPDATE tasks SET pull_request_url = :url, updated_at = :now WHERE id = :id AND pull_request_url IS NULL")
                .param("url", url).param("now", utc(now)).param("id", taskId).update() > 0;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
