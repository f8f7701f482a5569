package io.codingit.auth.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Login sessions as families of rotating refresh tokens. Each refresh token can be exchanged once;
 * presenting one that was already exchanged means it was copied, so the whole family (the thief's
 * and the victim's tokens alike) is revoked and both must log in again.
 */
@Repository
class SessionStore {
    /** The outcome of presenting a refresh token. */
    sealed interface Rotation {
        record Rotated(String userId, String refreshToken) implements Rotation {
        }

        /** Unknown, expired, revoked or reused: the caller gets one generic 401. */
        record Refused() implements Rotation {
        }
    }

    private final JdbcClient jdbc;
    private final Duration refreshTtl;

    SessionStore(JdbcClient jdbc, AuthProperties properties) {
        this.jdbc = jdbc;
        this.refreshTtl = properties.refreshTokenTtl();
    }

    Duration refreshTtl() {
        return refreshTtl;
    }

    /** Starts a new family for a fresh login and returns its first refresh token. */
    @Transactional
    String start(String userId) {
        OffsetDateTime now = Clock.now();
        forgetExpired(userId, now);
        String familyId = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO session_families (id, user_id, created_at) VALUES (?, ?, ?)")
                .params(familyId, userId, now).update();
        return issue(familyId, now);
    }

    @Transactional
    Rotation rotate(String refreshToken) {
        OffsetDateTime now = Clock.now();
        Optional<Presented> found = jdbc.sql("""
                        SELECT t.family_id, t.expires_at, t.rotated_at, f.user_id, f.revoked_at
                        FROM refresh_tokens t JOIN session_families f ON f.id = t.family_id
                        WHERE t.token_hash = ?""")
                .param(Secrets.sha256Hex(refreshToken))
                .query((rs, n) -> new Presented(rs.getString("family_id"), rs.getString("user_id"),
                        rs.getObject("expires_at", OffsetDateTime.class),
                        rs.getObject("rotated_at", OffsetDateTime.class) != null,
                        rs.getObject("revoked_at", OffsetDateTime.class) != null))
                .optional();
        if (found.isEmpty()) {
            return new Rotation.Refused();
        }
        Presented token = found.get();
        if (token.familyRevoked() || !token.expiresAt().isAfter(now)) {
            return new Rotation.Refused();
        }
        // The conditional update makes the exchange single-use even under concurrent requests:
        // exactly one of two simultaneous presentations wins, the other counts as reuse.
        int exchanged = jdbc.sql("UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL")
                .params(now, Secrets.sha256Hex(refreshToken)).update();
        if (token.rotated() || exchanged == 0) {
            revokeFamily(token.familyId(), now);
            return new Rotation.Refused();
        }
        return new Rotation.Rotated(token.userId(), issue(token.familyId(), now));
    }

    /** Revokes the family the token belongs to (logout); unknown tokens are ignored. */
    @Transactional
    void revoke(String refreshToken) {
        jdbc.sql("SELECT family_id FROM refresh_tokens WHERE token_hash = ?")
                .param(Secrets.sha256Hex(refreshToken)).query(String.class).optional()
                .ifPresent(familyId -> revokeFamily(familyId, Clock.now()));
    }

    private void revokeFamily(String familyId, OffsetDateTime now) {
        jdbc.sql("UPDATE session_families SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(now, familyId).update();
    }

    private String issue(String familyId, OffsetDateTime now) {
        String token = Secrets.random256();
        jdbc.sql("INSERT INTO refresh_tokens (token_hash, family_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
                .params(Secrets.sha256Hex(token), familyId, now, now.plus(refreshTtl)).update();
        return token;
    }

    /** Housekeeping at login: families of this user none of whose tokens can still be used. */
    private void forgetExpired(String userId, OffsetDateTime now) {
        jdbc.sql("""
                        DELETE FROM session_families WHERE user_id = ? AND NOT EXISTS (
                            SELECT 1 FROM refresh_tokens t WHERE t.family_id = session_families.id AND t.expires_at > ?)""")
                .params(userId, now).update();
    }

    private record Presented(String familyId, String userId, OffsetDateTime expiresAt, boolean rotated,
                             boolean familyRevoked) {
    }
}
