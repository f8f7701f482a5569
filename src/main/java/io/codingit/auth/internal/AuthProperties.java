package io.codingit.auth.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code codingit.auth.*}; docs/auth.md lists every key with its environment variable.
 *
 * @param jwtSecret        HS256 key for our access tokens (at least 32 bytes); blank = generate one
 *                         once and keep it in the data directory
 * @param issuer           {@code iss} (and {@code aud}) of our access tokens
 * @param accessTokenTtl   lifetime of an access token
 * @param refreshTokenTtl  lifetime of a refresh token (each rotation starts a new one)
 * @param bcryptStrength   log2 rounds of bcrypt
 * @param minPasswordLength shortest password accepted at signup
 * @param apiTokenLastUsedInterval how stale {@code last_used_at} of an API token may get before a use writes it
 */
@ConfigurationProperties("codingit.auth")
public record AuthProperties(
        String jwtSecret,
        @DefaultValue("codingit") String issuer,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("12") int bcryptStrength,
        @DefaultValue("8") int minPasswordLength,
        @DefaultValue("1m") Duration apiTokenLastUsedInterval,
        @DefaultValue LoginThrottle loginThrottle,
        @DefaultValue Supabase supabase,
        @DefaultValue List<String> operatorEmails) {

    /**
     * @param accountFailures failed logins allowed per account (normalised email) per window
     * @param ipFailures      failed logins allowed per client IP per window
     * @param window          the window over which failures are forgiven again
     */
    public record LoginThrottle(
            @DefaultValue("5") int accountFailures,
            @DefaultValue("20") int ipFailures,
            @DefaultValue("15m") Duration window) {
    }

    /**
     * @param jwtSecret the project's JWT secret (HS256), env {@code SUPABASE_JWT_SECRET}
     * @param jwksUrl   the project's JWKS endpoint (RS256/ES256), env {@code SUPABASE_JWKS_URL}
     * @param issuer    expected {@code iss}; blank = not checked
     * @param audience  expected {@code aud}
     */
    public record Supabase(
            String jwtSecret,
            String jwksUrl,
            String issuer,
            @DefaultValue("authenticated") String audience) {

        public boolean enabled() {
            return hasText(jwtSecret) || hasText(jwksUrl);
        }
    }

    static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
