package io.codingit.github.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.github.GitHubException;
import io.codingit.github.GitHubConnection;
import io.codingit.github.GitHubToken;
import io.codingit.github.GitHubTokens;
import io.codingit.github.TokenSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.util.Optional;

/** A user's own connection first; the shared server token only when the operator enabled the fallback. */
@Service
class GitHubTokenService implements GitHubTokens {
    private static final Logger log = LoggerFactory.getLogger(GitHubTokenService.class);
    static final String NOT_CONNECTED = "GitHub is not connected";

    private final GitHubConnectionStore store;
    private final GitHubProperties properties;

    GitHubTokenService(GitHubConnectionStore store, GitHubProperties properties) {
        this.store = store;
        this.properties = properties;
        if (properties.sharedTokenAvailable()) {
            log.warn("codingit.github.shared-token-fallback is on: users without a GitHub connection act with the"
                    + " server's GITHUB_TOKEN and see everything it can see");
        }
    }

    @Override
    public Optional<GitHubToken> tokenFor(String userId) {
        Optional<GitHubToken> own = ownConnection(userId).map(c -> new GitHubToken(c.token(), c.source()));
        if (own.isPresent()) {
            return own;
        }
        return properties.sharedTokenAvailable()
                ? Optional.of(new GitHubToken(properties.sharedToken().trim(), TokenSource.SHARED))
                : Optional.empty();
    }

    @Override
    public GitHubToken requireTokenFor(String userId) {
        return tokenFor(userId).orElseThrow(() ->
                new GitHubException(Kind.UNAVAILABLE, "github_not_connected",
                        NOT_CONNECTED));
    }

    @Override
    public GitHubConnection connectionOf(String userId) {
        Optional<GitHubConnectionStore.StoredConnection> own = ownConnection(userId);
        if (own.isPresent()) {
            var c = own.get();
            return new GitHubConnection(true, c.login(), c.source(), c.connectedAt());
        }
        return properties.sharedTokenAvailable()
                ? new GitHubConnection(true, null, TokenSource.SHARED, null)
                : GitHubConnection.none();
    }

    /** A stored token that no longer decrypts (key changed) counts as no connection; the user reconnects. */
    private Optional<GitHubConnectionStore.StoredConnection> ownConnection(String userId) {
        try {
            return store.find(userId);
        } catch (TokenCipher.UndecryptableTokenException e) {
            log.warn("The stored GitHub token of user {} cannot be decrypted (was the encryption key changed?);"
                    + " treating the user as not connected", userId);
            return Optional.empty();
        }
    }
}
