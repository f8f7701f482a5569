package io.codingit.auth.internal;

import io.codingit.auth.Account;
import io.codingit.auth.Accounts;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** The {@code users} table. */
@Repository
class AccountStore implements Accounts {
    static final String LOCAL = "local";
    static final String SUPABASE = "supabase";

    /** An account with its password hash, which never leaves this package. */
    record StoredAccount(Account account, String passwordHash) {
    }

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Account> find(String userId) {
        return jdbc.sql("SELECT id, email, created_at FROM users WHERE id = ?")
                .param(userId).query(AccountStore::account).optional();
    }

    Optional<StoredAccount> findByEmail(String normalisedEmail) {
        return jdbc.sql("SELECT id, email, created_at, password_hash FROM users WHERE email = ?")
                .param(normalisedEmail)
                .query((rs, n) -> new StoredAccount(account(rs, n), rs.getString("password_hash")))
                .optional();
    }

    /** A new local account, or empty when the address is taken. */
    Optional<Account> createLocal(String normalisedEmail, String passwordHash) {
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = Clock.now();
        try {
            jdbc.sql("INSERT INTO users (id, email, password_hash, provider, created_at) VALUES (?, ?, ?, ?, ?)")
                    .params(id, normalisedEmail, passwordHash, LOCAL, now).update();
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return Optional.of(new Account(id, normalisedEmail, now.toInstant()));
    }

    /**
     * The account of an external identity, created on first sight. Its email is kept only if no
     * other account has it: an external token must not take over a local account by its address.
     */
    Account findOrCreateExternal(String id, String email, String provider) {
        Optional<Account> existing = find(id);
        if (existing.isPresent()) {
            return existing.get();
        }
        OffsetDateTime now = Clock.now();
        String ownEmail = email != null && findByEmail(email).isEmpty() ? email : null;
        try {
            jdbc.sql("INSERT INTO users (id, email, password_hash, provider, created_at) VALUES (?, ?, NULL, ?, ?)")
                    .params(id, ownEmail, provider, now).update();
        } catch (DuplicateKeyException e) {
            // a concurrent first request created it (or took the address) meanwhile
            return find(id).orElseGet(() -> findOrCreateExternal(id, null, provider));
        }
        return new Account(id, ownEmail, now.toInstant());
    }

    private static Account account(ResultSet rs, int rowNum) throws SQLException {
        return new Account(rs.getString("id"), rs.getString("email"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
