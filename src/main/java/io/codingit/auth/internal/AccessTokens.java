package io.codingit.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.codingit.auth.AuthenticatedUser;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Our own access tokens: HS256 JWTs with {@code kid}, {@code iss} = {@code aud} = the configured
 * issuer, {@code sub} = user id and the email. Verification accepts exactly that algorithm and key
 * id: {@code alg: none}, RS256 or any other key is refused before a signature is looked at.
 */
@Component
class AccessTokens {
    private final SigningKey signingKey;
    private final MACSigner signer;
    private final String issuer;
    private final Duration ttl;
    private final DefaultJWTProcessor<SecurityContext> processor;

    AccessTokens(SigningKey signingKey, AuthProperties properties) throws JOSEException {
        this.signingKey = signingKey;
        this.signer = new MACSigner(signingKey.bytes());
        this.issuer = properties.issuer();
        this.ttl = properties.accessTokenTtl();
        SecretKey key = new SecretKeySpec(signingKey.bytes(), "HmacSHA256");
        JWSKeySelector<SecurityContext> onlyOurKey = (header, context) ->
                JWSAlgorithm.HS256.equals(header.getAlgorithm()) && signingKey.keyId().equals(header.getKeyID())
                        ? List.of(key) : List.of();
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(onlyOurKey);
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(issuer,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat")));
    }

    /** Whether a token claims to be signed by our key, i.e. whether {@link #verify} is the one to ask. */
    boolean isOurs(SignedJWT jwt) {
        return signingKey.keyId().equals(jwt.getHeader().getKeyID());
    }

    Duration ttl() {
        return ttl;
    }

    String issue(AuthenticatedUser user) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(issuer)
                .subject(user.id())
                .claim("email", user.email())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(JOSEObjectType.JWT).keyID(signingKey.keyId()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }

    /** The user the token speaks for, or a {@link TokenRejectedException}. */
    AuthenticatedUser verify(SignedJWT jwt) {
        try {
            JWTClaimsSet claims = processor.process(jwt, null);
            return new AuthenticatedUser(claims.getSubject(), claims.getStringClaim("email"));
        } catch (BadJOSEException | JOSEException | ParseException e) {
            throw new TokenRejectedException("Invalid or expired access token");
        }
    }
}
