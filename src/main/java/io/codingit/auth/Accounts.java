package io.codingit.auth;

import java.util.Optional;

/** Read access to accounts for other features (e.g. to show who owns something). */
public interface Accounts {
    Optional<Account> find(String userId);
}
