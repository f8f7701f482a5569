package io.codingit.github.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * The {@code state} of pending "Connect GitHub" flows, server-side: random, stored only as its
 * hash, bound to the user who started the flow, expiring, and usable once. Kept in the database
 * so that any instance can finish a flow another one started.
 */
@Repository
class OAuthStateStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    OAuthStateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new state for {@code userId}, valid for {@code ttl}; expired states of everyone are swept here. */
    String issue(String userId, Duration ttl) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("DELETE FROM github_oauth_states WHERE expires_at < :now").param("now", now).update();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("INSERT INTO github_oauth_states (state_hash, user_id, expires_at) VALUES (:hash, :userId, :expiresAt)")
                .param("hash", hash(state)).param("userId", userId).param("expiresAt", now.plus(ttl))
                .update();
        return state;
    }

    /** Whether {@code state} was issued to {@code userId} and has not expired; a matching state is used up. */
    boolean consume(String userId, String state) {
        if (state == null || state.isBlank() || state.length() > 100) {
            return false;
        }
        return jdbc.sql("DELETE FROM github_oauth_states WHERE state_hash = :hash AND user_id = :userId AND expires_at > :now")
                .param("hash", hash(state)).param("userId", userId).param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .update() == 1;
    }

    private static String hash(String state) {
        return Sha256.hex(state);
    }
}
