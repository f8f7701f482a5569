package io.codingit.auth.internal;

import io.codingit.auth.AuthenticatedUser;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.stereotype.Component;

import java.text.ParseException;

/**
 * Decides what a bearer credential is and who it speaks for: a personal API token ({@code cit_...}),
 * one of our access tokens (recognised by our key id) or, when configured, a Supabase token.
 * Everything else, unsigned JWTs included, is refused.
 */
@Component
public class BearerAuthenticator {
    private final AccessTokens accessTokens;
    private final SupabaseTokens supabaseTokens;
    private final ApiTokenStore apiTokens;
    private final Set<String> operatorEmails;

    BearerAuthenticator(AccessTokens accessTokens, SupabaseTokens supabaseTokens, ApiTokenStore apiTokens,
                        AuthProperties properties) {
        this.accessTokens = accessTokens;
        this.supabaseTokens = supabaseTokens;
        this.apiTokens = apiTokens;
        this.operatorEmails = properties.operatorEmails().stream().map(e -> e.strip().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Operators are accounts of this server named in {@code codingit.auth.operator-emails}; never a Supabase identity. */
    private boolean operator(AuthenticatedUser user) {
        return user.email() != null && operatorEmails.contains(user.email().toLowerCase(Locale.ROOT));
    }

    /** The filter that authenticates requests with this; add it to the security filter chain. */
    public BearerAuthenticationFilter newFilter() {
        return new BearerAuthenticationFilter(this);
    }

    TokenAuthentication authenticate(String credential) {
        if (credential.startsWith(ApiTokenStore.PREFIX)) {
            return apiTokens.authenticate(credential)
                    .map(user -> new TokenAuthentication(user, CredentialKind.API_TOKEN, operator(user)))
                    .orElseThrow(() -> new TokenRejectedException("Invalid, expired or revoked API token"));
        }
        if (!(parse(credential) instanceof SignedJWT jwt)) {
            throw new TokenRejectedException("Unsigned tokens are not accepted");
        }
        if (accessTokens.isOurs(jwt)) {
            AuthenticatedUser user = accessTokens.verify(jwt);
            return new TokenAuthentication(user, CredentialKind.SESSION, operator(user));
        }
        if (supabaseTokens.enabled()) {
            return new TokenAuthentication(supabaseTokens.verify(jwt), CredentialKind.SUPABASE, false);
        }
        throw new TokenRejectedException("Invalid or expired access token");
    }

    private static JWT parse(String credential) {
        try {
            return JWTParser.parse(credential);
        } catch (ParseException e) {
            throw new TokenRejectedException("Malformed access token");
        }
    }
}
