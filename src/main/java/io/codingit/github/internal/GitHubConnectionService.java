package io.codingit.github.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.github.GitHubException;
import io.codingit.github.TokenSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.util.Optional;

/** Connecting a user to GitHub: a saved personal access token, or the OAuth web flow; and disconnecting. */
@Service
class GitHubConnectionService {
    private static final Logger log = LoggerFactory.getLogger(GitHubConnectionService.class);
    private static final int MAX_TOKEN_LENGTH = 255;

    private final GitHubConnectionStore store;
    private final OAuthStateStore states;
    private final OAuthApp oauthApp;
    private final GitHubClient client;
    private final GitHubProperties properties;

    GitHubConnectionService(GitHubConnectionStore store, OAuthStateStore states, OAuthApp oauthApp,
                            GitHubClient client, GitHubProperties properties) {
        this.store = store;
        this.states = states;
        this.oauthApp = oauthApp;
        this.client = client;
        this.properties = properties;
    }

    /** Stores a personal access token once GitHub confirmed it works; returns the login it belongs to. */
    String saveToken(String userId, String token) {
        if (token == null || token.isBlank()) {
            throw new GitHubException(Kind.INVALID, "Field 'token' is required");
        }
        String trimmed = token.trim();
        if (trimmed.length() > MAX_TOKEN_LENGTH || !trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new GitHubException(Kind.INVALID, "Field 'token' is not a GitHub token");
        }
        String login = loginOf(trimmed);
        store.save(userId, trimmed, login, TokenSource.TOKEN, null);
        return login;
    }

    /**
     * Forgets the user's token and the answers cached for it; a token from the OAuth flow is also
     * revoked at GitHub first (best effort: our copy is deleted even when GitHub cannot be reached).
     */
    boolean disconnect(String userId) {
        storedConnection(userId).ifPresent(connection -> {
            if (connection.source() == TokenSource.OAUTH && properties.oauth().enabled()
                    && !oauthApp.revoke(connection.token())) {
                log.warn("Could not revoke the GitHub OAuth token of user {} at GitHub; deleting our copy anyway", userId);
            }
            client.forget(connection.token());
        });
        return store.delete(userId);
    }

    private Optional<GitHubConnectionStore.StoredConnection> storedConnection(String userId) {
        try {
            return store.find(userId);
        } catch (TokenCipher.UndecryptableTokenException e) {
            return Optional.empty();
        }
    }

    /** Where to send the browser to approve access: GitHub's authorize page with a fresh state. */
    URI authorizeRedirect(String userId) {
        GitHubProperties.OAuth oauth = requireOAuth();
        String state = states.issue(userId, oauth.stateTtl());
        UriComponentsBuilder url = UriComponentsBuilder.fromUriString(oauth.authorizeUrl())
                .queryParam("client_id", oauth.clientId())
                .queryParam("scope", oauth.scope())
                .queryParam("state", state)
                .queryParam("allow_signup", "false");
        if (GitHubProperties.hasText(oauth.redirectUri())) {
            url.queryParam("redirect_uri", oauth.redirectUri());
        }
        return url.encode().build().toUri();
    }

    /**
     * Finishes the flow the same user started: checks and uses up the state, exchanges the code,
     * stores the token. Returns where to send the browser afterwards.
     */
    URI finishOAuth(String userId, String code, String state, String error) {
        GitHubProperties.OAuth oauth = requireOAuth();
        if (!states.consume(userId, state)) {
            throw new GitHubException(Kind.INVALID, "github_oauth_state",
                    "Parameter 'state' does not match a GitHub connection you started, or it expired; connect again");
        }
        if (error != null && !error.isBlank()) {
            throw new GitHubException(Kind.INVALID, "GitHub did not grant access (" + (error.equals("access_denied")
                    ? "access denied" : "error") + "); connect again");
        }
        if (code == null || code.isBlank() || code.length() > 200) {
            throw new GitHubException(Kind.INVALID, "Parameter 'code' is required");
        }
        OAuthApp.GrantedToken granted = oauthApp.exchange(code);
        String login = loginOf(granted.accessToken());
        store.save(userId, granted.accessToken(), login, TokenSource.OAUTH, granted.scope());
        return URI.create(oauth.successUrl());
    }

    /** Asks GitHub whose token this is; a token GitHub refuses is the caller's mistake (400), not a lost session. */
    private String loginOf(String token) {
        try {
            return GitHubViews.text(client.get(token, "/user"), "login");
        } catch (GitHubException e) {
            if (e.kind() == Kind.UNAUTHENTICATED) {
                throw new GitHubException(Kind.INVALID, "github_token_invalid",
                        "GitHub rejected this token (invalid, expired or revoked)");
            }
            throw e;
        }
    }

    /** Where the browser goes when a step of the flow fails (the message is added as {@code error}). */
    String failureUrl() {
        return properties.oauth().failureUrl();
    }

    /** Whether "Connect with GitHub" (the OAuth flow) is configured on this server. */
    boolean oauthAvailable() {
        return properties.oauth().enabled();
    }

    private GitHubProperties.OAuth requireOAuth() {
        if (!properties.oauth().enabled()) {
            throw new GitHubException(Kind.UNAVAILABLE, "github_oauth_not_configured",
                    "Connecting with GitHub is not configured on this server (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET)");
        }
        return properties.oauth();
    }
}
