package io.codingit.sandbox.internal;

import io.codingit.common.DataDirectory;
import io.codingit.common.DomainException.Kind;
import io.codingit.common.SecretCipher;
import io.codingit.sandbox.SandboxException;
import io.codingit.sandbox.SandboxRegistryProperties;
import io.codingit.sandbox.spi.AgentAddress;
import io.codingit.sandbox.spi.SandboxRecord;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The {@code sandboxes} table: the truth about every sandbox for every server sharing the database. Agent
 * secrets pass through a {@link SecretCipher} (the sandbox id bound in) on the way in and out and never
 * leave this class in plaintext except inside a {@link SandboxRecord} handed to a provider.
 */
@Repository
class SandboxRegistry {
    /** A sandbox's last use is written at most this often (not on every request). */
    static final Duration TOUCH_INTERVAL = Duration.ofSeconds(15);
    private static final String COLUMNS = "id, owner_id, template_id, provider, agent_endpoint, agent_secret_ciphertext, "
            + "state, state_reason, expires_at, created_at, last_used_at, home_bytes, home_sha256, paused_at, "
            + "preview_port, preview_secret_sha256";

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    SandboxRegistry(JdbcClient jdbc, SandboxRegistryProperties properties, DataDirectory dataDirectory) {
        this.jdbc = jdbc;
        this.cipher = properties.cipher(dataDirectory);
    }

    /**
     * One row. {@code endpoint} is null while the provider is still creating the sandbox; the secret stays
     * encrypted until {@link #record} needs it.
     */
    record Entry(String id, String ownerId, String templateId, String provider, String endpoint, String secretCiphertext,
                 SandboxState state, String stateReason, Instant expiresAt, Instant createdAt, Instant lastUsedAt,
                 Long homeBytes, String homeSha256, Instant pausedAt, io.codingit.sandbox.KeptPreview keptPreview) {
        boolean starting() {
            return endpoint == null;
        }

        @Override
        public String toString() {
            return "Entry[id=" + id + ", owner=" + ownerId + ", template=" + templateId + ", provider=" + provider
                    + ", endpoint=" + endpoint + ", state=" + state + "]";
        }
    }

    private static final RowMapper<Entry> ENTRY = (rs, n) -> new Entry(rs.getString("id"), rs.getString("owner_id"),
            rs.getString("template_id"), rs.getString("provider"), rs.getString("agent_endpoint"),
            rs.getString("agent_secret_ciphertext"), SandboxState.ofColumn(rs.getString("state")),
            rs.getString("state_reason"), instant(rs.getObject("expires_at", OffsetDateTime.class)),
            instant(rs.getObject("created_at", OffsetDateTime.class)), instant(rs.getObject("last_used_at", OffsetDateTime.class)),
            rs.getObject("home_bytes", Long.class), rs.getString("home_sha256"),
            instant(rs.getObject("paused_at", OffsetDateTime.class)),
            rs.getObject("preview_port", Integer.class) == null || rs.getString("preview_secret_sha256") == null ? null
                    : new io.codingit.sandbox.KeptPreview(rs.getInt("preview_port"), rs.getString("preview_secret_sha256")));

    /** The id of a reservation: never a sandbox id (those are the provider's, and never contain a colon). */
    static String reservationId() {
        return "reserved:" + java.util.UUID.randomUUID();
    }

    /**
     * Claims a place for a new sandbox before the provider creates it, so that the per-owner limit holds across
     * servers: the row is inserted first, then the owner's live rows are counted (this one included). Two
     * servers racing for the last place both see both rows and both give up, never both succeed.
     *
     * @return false (and no row) when the owner already had {@code limit} live sandboxes
     */
    boolean reserve(String id, String ownerId, String templateId, String provider, Instant expiresAt, Instant now, int limit) {
        jdbc.sql("INSERT INTO sandboxes (id, owner_id, template_id, provider, state, expires_at, created_at, last_used_at, "
                        + "state_changed_at) VALUES (:id, :owner, :template, :provider, 'running', :expires, :now, :now, :now)")
                .param("id", id).param("owner", ownerId).param("template", templateId).param("provider", provider)
                .param("expires", utc(expiresAt)).param("now", utc(now))
                .update();
        if (countLive(ownerId) > limit) {
            delete(id);
            return false;
        }
        return true;
    }

    int countLive(String ownerId) {
        return jdbc.sql("SELECT COUNT(*) FROM sandboxes WHERE owner_id = :owner AND state <> 'killed'")
                .param("owner", ownerId).query(Integer.class).single();
    }

    /**
     * Turns a reservation into the sandbox the provider started: its id (providers choose ids, and a warm pool
     * starts sandboxes before anyone reserves them) and where its agent answers.
     */
    void register(String reservationId, String sandboxId, AgentAddress agent, Instant createdAt) {
        jdbc.sql("UPDATE sandboxes SET id = :id, agent_endpoint = :endpoint, agent_secret_ciphertext = :secret, "
                        + "created_at = :created, last_used_at = :created WHERE id = :reservation")
                .param("id", sandboxId).param("endpoint", agent.endpoint()).param("secret", cipher.encrypt(agent.secret(), sandboxId))
                .param("created", utc(createdAt)).param("reservation", reservationId)
                .update();
    }

    /** Forgets a reservation whose sandbox could not be created. */
    void delete(String id) {
        jdbc.sql("DELETE FROM sandboxes WHERE id = :id").param("id", id).update();
    }

    Optional<Entry> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandboxes WHERE id = :id").param("id", id).query(ENTRY).optional();
    }

    /** The owner's live sandboxes (running or paused), oldest first. */
    List<Entry> listLive(String ownerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandboxes WHERE owner_id = :owner AND state <> 'killed' "
                        + "ORDER BY created_at, id")
                .param("owner", ownerId).query(ENTRY).list();
    }

    /** How many sandboxes are live in the registry, of every owner and server, by state (one query). */
    java.util.Map<SandboxState, Integer> countLiveByState() {
        java.util.Map<SandboxState, Integer> counts = new java.util.EnumMap<>(SandboxState.class);
        counts.put(SandboxState.RUNNING, 0);
        counts.put(SandboxState.PAUSED, 0);
        jdbc.sql("SELECT state, COUNT(*) AS n FROM sandboxes WHERE state <> 'killed' GROUP BY state")
                .query((rs, n) -> counts.put(SandboxState.ofColumn(rs.getString("state")), rs.getInt("n"))).list();
        return counts;
    }

    /** Every live sandbox of one provider (reconciliation). */
    List<Entry> listLiveOf(String provider) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandboxes WHERE provider = :provider AND state <> 'killed' "
                        + "ORDER BY created_at, id")
                .param("provider", provider).query(ENTRY).list();
    }

    /** The states of those of {@code ids} that have a row (one query). */
    java.util.Map<String, SandboxState> statesOf(List<String> ids) {
        java.util.Map<String, SandboxState> states = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT id, state FROM sandboxes WHERE id IN (:ids)").param("ids", ids)
                    .query((rs, n) -> states.put(rs.getString("id"), SandboxState.ofColumn(rs.getString("state")))).list();
        }
        return states;
    }

    /** Live sandboxes whose expiry has passed (the reaper), oldest expiry first. */
    List<Entry> expired(Instant now, int max) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandboxes WHERE state <> 'killed' AND expires_at <= :now "
                        + "ORDER BY expires_at LIMIT " + max)
                .param("now", utc(now)).query(ENTRY).list();
    }

    /** @return false when the sandbox is no longer live */
    boolean setExpiry(String id, Instant expiresAt) {
        return jdbc.sql("UPDATE sandboxes SET expires_at = :expires WHERE id = :id AND state <> 'killed'")
                .param("expires", utc(expiresAt)).param("id", id).update() > 0;
    }

    /** Notes a use, at most every {@link #TOUCH_INTERVAL}. */
    void touch(Entry entry, Instant now) {
        if (entry.lastUsedAt().plus(TOUCH_INTERVAL).isAfter(now)) {
            return;
        }
        jdbc.sql("UPDATE sandboxes SET last_used_at = :now WHERE id = :id AND last_used_at < :now")
                .param("now", utc(now)).param("id", entry.id()).update();
    }

    /**
     * Records that a sandbox is killed on request and why, before any of its processes is stopped (so that
     * {@link #endedOnRequest} already answers true when they stop). Only one caller wins (the row changes once), so
     * that of two servers reaping the same sandbox only one destroys it.
     *
     * @return whether this call changed the row
     */
    boolean markKilled(String id, String reason, Instant now) {
        return jdbc.sql("UPDATE sandboxes SET state = 'killed', state_reason = :reason, state_changed_at = :now, "
                        + "killed_on_request = TRUE "
                        + "WHERE id = :id AND state <> 'killed'")
                .param("reason", reason).param("now", utc(now)).param("id", id).update() > 0;
    }

    /**
     * Records a pause: the saved home's size and checksum, when the paused sandbox is deleted, and what its preview
     * URL needs to wake it ({@code preview} may be null: the port and the secret's hash, never the secret), and why it
     * was paused (shown with it; a resume clears it). Only a running
     * sandbox can be paused (of two servers pausing at once, one wins).
     *
     * @return whether this call changed the row
     */
    boolean markPaused(String id, long homeBytes, String homeSha256, Instant now, Instant deleteAt,
                       io.codingit.sandbox.KeptPreview preview, String reason) {
        return jdbc.sql("UPDATE sandboxes SET state = 'paused', state_reason = :reason, home_bytes = :bytes, "
                        + "home_sha256 = :sha, paused_at = :now, "
                        + "state_changed_at = :now, expires_at = :delete, preview_port = :port, preview_secret_sha256 = :hash "
                        + "WHERE id = :id AND state = 'running'")
                .param("port", preview == null ? null : preview.port(), java.sql.Types.INTEGER)
                .param("hash", preview == null ? null : preview.secretSha256(), java.sql.Types.VARCHAR)
                .param("reason", reason)
                .param("bytes", homeBytes).param("sha", homeSha256).param("now", utc(now)).param("delete", utc(deleteAt))
                .param("id", id).update() > 0;
    }

    /**
     * Records a resume: where the new agent answers (a new secret), the new expiry; the saved home is forgotten.
     *
     * @return whether this call changed the row (false: it was no longer paused)
     */
    boolean markResumed(String id, AgentAddress agent, Instant now, Instant expiresAt) {
        return jdbc.sql("UPDATE sandboxes SET state = 'running', state_reason = NULL, agent_endpoint = :endpoint, agent_secret_ciphertext = :secret, "
                        + "home_bytes = NULL, home_sha256 = NULL, paused_at = NULL, preview_port = NULL, preview_secret_sha256 = NULL, "
                        + "state_changed_at = :now, "
                        + "last_used_at = :now, expires_at = :expires WHERE id = :id AND state = 'paused'")
                .param("endpoint", agent.endpoint()).param("secret", cipher.encrypt(agent.secret(), id))
                .param("now", utc(now)).param("expires", utc(expiresAt)).param("id", id).update() > 0;
    }

    /** Bytes the owner's paused sandboxes hold on disk (their quota). */
    long pausedBytes(String ownerId) {
        return jdbc.sql("SELECT COALESCE(SUM(home_bytes), 0) FROM sandboxes WHERE owner_id = :owner AND state = 'paused'")
                .param("owner", ownerId).query(Long.class).single();
    }

    /**
     * Records that the running sandbox a handle was attached to is gone: only while the row still names that
     * incarnation (its agent secret's ciphertext), so a stale handle on a sandbox that was paused, or paused and
     * resumed since, ends nothing.
     *
     * @return whether this call changed the row
     */
    boolean markGone(SandboxRegistry.Entry handleEntry, String reason, Instant now) {
        if (handleEntry.secretCiphertext() == null) {
            return false;
        }
        return jdbc.sql("UPDATE sandboxes SET state = 'killed', state_reason = :reason, state_changed_at = :now "
                        + "WHERE id = :id AND state = 'running' AND agent_secret_ciphertext = :secret")
                .param("reason", reason).param("now", utc(now)).param("id", handleEntry.id())
                .param("secret", handleEntry.secretCiphertext()).update() > 0;
    }

    /**
     * Whether the incarnation a handle was attached to was ended on request: killed through {@link #markKilled}, or
     * paused (and maybe resumed since, under a new agent secret). A sandbox that ended by itself is still
     * {@code running} here, or killed through {@link #markGone}.
     */
    boolean endedOnRequest(SandboxRegistry.Entry handleEntry) {
        return jdbc.sql("SELECT COUNT(*) FROM sandboxes WHERE id = :id AND (killed_on_request OR state = 'paused' "
                        + "OR (state = 'running' AND agent_secret_ciphertext <> :secret))")
                .param("id", handleEntry.id()).param("secret", handleEntry.secretCiphertext(), java.sql.Types.VARCHAR)
                .query(Integer.class).single() > 0;
    }

    /** Removes killed rows older than {@code before}; returns how many. */
    int purgeKilled(Instant before) {
        return jdbc.sql("DELETE FROM sandboxes WHERE state = 'killed' AND state_changed_at < :before")
                .param("before", utc(before)).update();
    }

    /**
     * What a provider needs to reach the sandbox: its agent's endpoint and the decrypted secret. A secret that does
     * not decrypt means this server has another key than the one that stored it (503 with what to fix).
     */
    SandboxRecord record(Entry entry) {
        String secret;
        try {
            secret = cipher.decrypt(entry.secretCiphertext(), entry.id());
        } catch (SecretCipher.UndecryptableException e) {
            throw new SandboxException(Kind.UNAVAILABLE, "sandbox " + entry.id() + " cannot be reached from this server: "
                    + "its agent secret was stored under another key; servers that share a database must share "
                    + "codingit.sandbox.registry.secret-key");
        }
        return new SandboxRecord(entry.id(), entry.ownerId(), entry.templateId(), entry.provider(),
                new AgentAddress(entry.endpoint(), secret), entry.createdAt(), entry.expiresAt());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
