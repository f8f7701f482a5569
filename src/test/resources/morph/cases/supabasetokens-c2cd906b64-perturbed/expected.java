package io.codingit.auth.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.codingit.auth.Account;
import io.codingit.auth.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.crypto.spec.SecretKeySpec;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Accepts access tokens issued by Supabase Auth when configured: HS256 with the project's JWT
 * secret ({@code SUPABASE_JWT_SECRET}) and/or RS256/ES256 with a key from the project's JWKS
 * ({@code SUPABASE_JWKS_URL}). Each algorithm is tied to its own key source, so an HS256 token
 * "signed" with a public key finds no key at all. {@code aud} must be {@code authenticated};
 * {@code sub} is the user id, and the account is created the first time it is seen.
 */
@Component
class SupabaseTokens {
    private static final Logger log = LoggerFactory.getLogger(SupabaseTokens.class);
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int KNOWN_ACCOUNTS = 10_000;

    private final AccountStore accounts;
    private final DefaultJWTProcessor<SecurityContext> processor;
    /** Accounts already seen, so that a verified token costs no database read. */
    private final Map<String, Account> known = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
            return size() > KNOWN_ACCOUNTS;
        }
    });

    SupabaseTokens(AccountStore accounts, AuthProperties properties) {
        this.accounts = accounts;
        AuthProperties.Supabase config = properties.supabase();
        if (!config.enabled()) {
            this.processor = null;
            return;
        }
        JWSKeySelector<SecurityContext> hmac = hmacSelector(config.jwtSecret());
        JWSKeySelector<SecurityContext> jwks = jwksSelector(config.jwksUrl());
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector((header, context) -> {
            if (JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
                return hmac.selectJWSKeys(header, context);
            }
            return ASYMMETRIC.contains(header.getAlgorithm()) ? jwks.selectJWSKeys(header, context) : List.of();
        });
        JWTClaimsSet exact = AuthProperties.hasText(config.issuer())
                ? new JWTClaimsSet.Builder().issuer(config.issuer()).build() : new JWTClaimsSet.Builder().build();
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(config.audience(), exact,
                Set.of("sub", "exp")));
        log.info("Accepting Supabase access tokens (HS256 secret: {}, JWKS: {})",
                AuthProperties.hasText(config.jwtSecret()), AuthProperties.hasText(config.jwksUrl()));
    }

    boolean enabled() {
        return processor != null;
    }

    AuthenticatedUser verify(SignedJWT jwt) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (Exception e) {
            throw new TokenRejectedException("Invalid or expired access token");
        }
        String id = claims.getSubject();
        if (!USER_ID.matcher(id).matches()) {
            throw new TokenRejectedException("Invalid or expired access token");
        }
        Account account = known.get(id);
        if (account == null) {
            // outside the map's lock: a first sight costs a database round trip, which must not block others
            account = accounts.findOrCreateExternal(id, email(claims), AccountStore.SUPABASE);
            known.put(id, account);
        }
        return new AuthenticatedUser(account.id(), account.email());
    }

    private static String email(JWTClaimsSet claims) {
        Object email = claims.getClaim("email");
        return email instanceof String s ? EmailAddresses.normalise(s).orElse(null) : null;
    }

    private static JWSKeySelector<SecurityContext> hmacSelector(String secret) {
        if (!AuthProperties.hasText(secret)) {
            return (header, context) -> List.of();
        }
        // Supabase signs with the secret's UTF-8 bytes as they are (not base64-decoded).
        List<Key> key = List.of(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return (header, context) -> key;
    }

    private static JWSKeySelector<SecurityContext> jwksSelector(String url) {
        if (!AuthProperties.hasText(url)) {
            return (header, context) -> List.of();
        }
        try {
            // Cached, refreshed ahead of expiry, and re-fetched (rate-limited) when an unknown kid shows up.
            JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(URI.create(url).toURL())
                    .build();
            return new JWSVerificationKeySelector<>(ASYMMETRIC, source);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("SUPABASE_JWKS_URL (codingit.auth.supabase.jwks-url) is not a URL", e);
        }
    }
}
