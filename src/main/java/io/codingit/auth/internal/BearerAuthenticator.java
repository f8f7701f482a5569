package io.codingit.auth.internal;

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

    BearerAuthenticator(AccessTokens accessTokens, SupabaseTokens supabaseTokens, ApiTokenStore apiTokens) {
        this.accessTokens = accessTokens;
        this.supabaseTokens = supabaseTokens;
        this.apiTokens = apiTokens;
    }

    /** The filter that authenticates requests with this; add it to the security filter chain. */
    public BearerAuthenticationFilter newFilter() {
        return new BearerAuthenticationFilter(this);
    }

    TokenAuthentication authenticate(String credential) {
        if (credential.startsWith(ApiTokenStore.PREFIX)) {
            return apiTokens.authenticate(credential)
                    .map(user -> new TokenAuthentication(user, CredentialKind.API_TOKEN))
                    .orElseThrow(() -> new TokenRejectedException("Invalid, expired or revoked API token"));
        }
        if (!(parse(credential) instanceof SignedJWT jwt)) {
            throw new TokenRejectedException("Unsigned tokens are not accepted");
        }
        if (accessTokens.isOurs(jwt)) {
            return new TokenAuthentication(accessTokens.verify(jwt), CredentialKind.SESSION);
        }
        if (supabaseTokens.enabled()) {
            return new TokenAuthentication(supabaseTokens.verify(jwt), CredentialKind.SUPABASE);
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
