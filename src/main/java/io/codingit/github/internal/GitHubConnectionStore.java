package io.codingit.github.internal;

import io.codingit.github.TokenSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.dao.DuplicateKeyException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The {@code github_connections} table; tokens pass through {@link TokenCipher} on the way in and out. */
@Repository
class GitHubConnectionStore {
    private final JdbcClient jdbc;
    private final TokenCipher cipher;

    GitHubConnectionStore(JdbcClient jdbc, TokenCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** A stored connection with its token decrypted. */
    record StoredConnection(String userId, String token, String login, TokenSource source, Instant connectedAt) {
        @Override
        public String toString() {
            return "StoredConnection[userId=" + userId + ", login=" + login + ", source=" + source + "]";
        }
    }

    private record Row(String userId, String tokenCiphertext, String login, String source, OffsetDateTime createdAt) {
    }

    /**
     * Inserts or replaces the user's connection (one per user). Update first, insert if there was
     * nothing to update; when a concurrent save inserted in between, its row is updated instead.
     */
    void save(String userId, String token, String login, TokenSource source, String scopes) {
        String ciphertext = cipher.encrypt(token, userId);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (update(userId, ciphertext, login, source, scopes, now)) {
            return;
        }
        try {
            jdbc.sql("""
                            INSERT INTO github_connections (user_id, token_ciphertext, login, source, scopes, created_at, updated_at)
                            VALUES (:userId, :ciphertext, :login, :source, :scopes, :now, :now)""")
                    .param("userId", userId).param("ciphertext", ciphertext).param("login", login)
                    .param("source", source.key()).param("scopes", scopes).param("now", now)
                    .update();
        } catch (DuplicateKeyException concurrentSave) {
            update(userId, ciphertext, login, source, scopes, now);
        }
    }

    private boolean update(String userId, String ciphertext, String login, TokenSource source, String scopes,
                           OffsetDateTime now) {
        return jdbc.sql("""
                        UPDATE github_connections SET token_ciphertext = :ciphertext, login = :login, source = :source,
                               scopes = :scopes, created_at = :now, updated_at = :now
                        WHERE user_id = :userId""")
                .param("ciphertext", ciphertext).param("login", login).param("source", source.key())
                .param("scopes", scopes).param("now", now).param("userId", userId)
                .update() > 0;
    }

    Optional<StoredConnection> find(String userId) {
        return jdbc.sql("SELECT user_id, token_ciphertext, login, source, created_at FROM github_connections WHERE user_id = :userId")
                .param("userId", userId)
                .query(Row.class)
                .optional()
                .map(row -> new StoredConnection(row.userId(), cipher.decrypt(row.tokenCiphertext(), row.userId()),
                        row.login(), TokenSource.fromKey(row.source()), row.createdAt().toInstant()));
    }

    /** @return whether there was a connection to remove */
    boolean delete(String userId) {
        return jdbc.sql("DELETE FROM github_connections WHERE user_id = :userId").param("userId", userId).update() > 0;
    }
}
