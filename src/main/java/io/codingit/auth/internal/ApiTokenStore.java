package io.codingit.auth.internal;

import io.codingit.auth.AuthenticatedUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Personal API tokens: {@code cit_} followed by 256 random bits. Only the SHA-256 of a token is
 * stored, plus its first characters so that a user can tell tokens apart in a list.
 * {@code last_used_at} is written at most once per {@code codingit.auth.api-token-last-used-interval}
 * per token, so that a busy integration does not turn every request into a database write.
 */
@Repository
class ApiTokenStore {
    static final String PREFIX = "cit_";
    static final int VISIBLE_CHARS = 8;

    /** A token as listed: never its secret. */
    record ApiToken(String id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {
    }

    /** A freshly created token; the only time its secret exists outside the caller. */
    record CreatedToken(ApiToken token, String secret) {
    }

    private final JdbcClient jdbc;
    private final Duration lastUsedInterval;

    ApiTokenStore(JdbcClient jdbc, AuthProperties properties) {
        this.jdbc = jdbc;
        this.lastUsedInterval = properties.apiTokenLastUsedInterval();
    }

    CreatedToken create(String userId, String name, Duration lifetime) {
        String secret = PREFIX + Secrets.random256();
        String prefix = secret.substring(0, PREFIX.length() + VISIBLE_CHARS);
        OffsetDateTime now = Clock.now();
        OffsetDateTime expires = lifetime == null ? null : now.plus(lifetime);
        String id = UUID.randomUUID().toString();
        jdbc.sql("""
                        INSERT INTO api_tokens (id, user_id, name, token_prefix, token_hash, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, userId, name, prefix, Secrets.sha256Hex(secret), now, expires).update();
        return new CreatedToken(new ApiToken(id, name, prefix, now.toInstant(), null,
                expires == null ? null : expires.toInstant()), secret);
    }

    List<ApiToken> list(String userId) {
        return jdbc.sql("""
                        SELECT id, name, token_prefix, created_at, last_used_at, expires_at FROM api_tokens
                        WHERE user_id = ? ORDER BY created_at, id""")
                .param(userId).query(ApiTokenStore::token).list();
    }

    int count(String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM api_tokens WHERE user_id = ?").param(userId).query(Integer.class)
                .single();
    }

    /** Deletes the caller's token; false when there is none with that id (or it is someone else's). */
    boolean delete(String userId, String id) {
        return jdbc.sql("DELETE FROM api_tokens WHERE id = ? AND user_id = ?").params(id, userId).update() > 0;
    }

    Optional<AuthenticatedUser> authenticate(String secret) {
        String hash = Secrets.sha256Hex(secret);
        OffsetDateTime now = Clock.now();
        Optional<Usable> found = jdbc.sql("""
                        SELECT t.id, t.last_used_at, u.id AS user_id, u.email FROM api_tokens t
                        JOIN users u ON u.id = t.user_id
                        WHERE t.token_hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?)""")
                .params(hash, now)
                .query((rs, n) -> new Usable(rs.getString("id"), instant(rs, "last_used_at"),
                        new AuthenticatedUser(rs.getString("user_id"), rs.getString("email"))))
                .optional();
        found.filter(t -> t.lastUsedAt() == null || t.lastUsedAt().plus(lastUsedInterval).isBefore(now.toInstant()))
                .ifPresent(t -> jdbc.sql("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
                        .params(now, t.id()).update());
        return found.map(Usable::user);
    }

    private record Usable(String id, Instant lastUsedAt, AuthenticatedUser user) {
    }

    private static ApiToken token(ResultSet rs, int rowNum) throws SQLException {
        return new ApiToken(rs.getString("id"), rs.getString("name"), rs.getString("token_prefix"),
                instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "expires_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
