package io.codingit.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supabase compatibility with tokens minted here: HS256 with the project secret, RS256 and ES256
 * with keys served as a JWKS by a small HTTP server on 127.0.0.1. On H2 and PostgreSQL, since the
 * account is created on first sight.
 */
abstract class SupabaseTokenTests extends AuthApiTests {
    static final String SECRET = "super-secret-supabase-jwt-secret-with-enough-length";
    static final String ISSUER = "https://project.supabase.test/auth/v1";
    static final RSAKey RSA = generateRsa("sb-rsa-1");
    static final ECKey EC = generateEc("sb-ec-1");
    static final HttpServer JWKS = serveJwks();

    @DynamicPropertySource
    static void supabase(DynamicPropertyRegistry registry) {
        registry.add("codingit.auth.supabase.jwt-secret", () -> SECRET);
        registry.add("codingit.auth.supabase.jwks-url",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/auth/v1/.well-known/jwks.json");
        registry.add("codingit.auth.supabase.issuer", () -> ISSUER);
    }


    static JWTClaimsSet.Builder supabaseClaims(String sub, String email) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience("authenticated").subject(sub)
                .claim("email", email).claim("role", "authenticated")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(JWTClaimsSet claims, byte[] secret) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims, new MACSigner(secret));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(RSAKey key, JWTClaimsSet claims) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims,
                    new RSASSASigner(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertRejected(String token) {
        TestApi.Response r = api.as(token).get("/api/auth/me");
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.json().get("code").asString()).isEqualTo("invalid_token");
    }

    @Test
    void anHs256TokenAuthenticatesAndCreatesTheAccountOnFirstSight() {
        String sub = UUID.randomUUID().toString();
        String email = "sb-" + sub + "@example.test";
        String token = hs256(supabaseClaims(sub, email).build(), SECRET.getBytes(StandardCharsets.UTF_8));

        TestApi.Response first = api.as(token).get("/api/auth/me");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("id").asString()).isEqualTo(sub);
        assertThat(first.json().get("email").asString()).isEqualTo(email);
        assertThat(api.as(token).get("/api/auth/me").json().get("id").asString()).isEqualTo(sub);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE id = ?").param(sub).query(Integer.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT provider FROM users WHERE id = ?").param(sub).query(String.class).single())
                .isEqualTo("supabase");
    }

    @Test
    void anRs256TokenSignedWithAKeyFromTheJwksAuthenticates() {
        String sub = UUID.randomUUID().toString();
        TestApi.Response r = api.as(rs256(RSA, supabaseClaims(sub, null).build())).get("/api/auth/me");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("id").asString()).isEqualTo(sub);
    }

    @Test
    void anEs256TokenSignedWithAKeyFromTheJwksAuthenticates() throws Exception {
        String sub = UUID.randomUUID().toString();
        String token = sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(EC.getKeyID()).build(),
                supabaseClaims(sub, null).build(), new ECDSASigner(EC));
        TestApi.Response r = api.as(token).get("/api/auth/me");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("id").asString()).isEqualTo(sub);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertRejected(hs256(supabaseClaims(UUID.randomUUID().toString(), null).audience("anon").build(),
                SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        assertRejected(hs256(supabaseClaims(UUID.randomUUID().toString(), null)
                .issuer("https://other.supabase.test/auth/v1").build(), SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Instant past = Instant.now().minusSeconds(600);
        assertRejected(rs256(RSA, supabaseClaims(UUID.randomUUID().toString(), null)
                .issueTime(Date.from(past.minusSeconds(3600))).expirationTime(Date.from(past)).build()));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        assertRejected(hs256(supabaseClaims(UUID.randomUUID().toString(), null).build(),
                "a-different-secret-that-is-long-enough!!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anHs256TokenUsingTheRsaPublicKeyAsSecretIsRefused() throws Exception {
        JWTClaimsSet claims = supabaseClaims(UUID.randomUUID().toString(), null).build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA.getKeyID()).build();
        // the classic confusion: a verifier that takes the key by kid and the algorithm from the header
        assertRejected(sign(header, claims, new MACSigner(RSA.toPublicKey().getEncoded())));
        assertRejected(sign(header, claims, new MACSigner(RSA.toPublicJWK().toJSONString()
                .getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anRs256TokenWithAnUnknownKeyIdIsRefused() {
        assertRejected(rs256(generateRsa("sb-rsa-unknown"), supabaseClaims(UUID.randomUUID().toString(), null).build()));
    }

    @Test
    void anRs256TokenSignedByAnotherKeyUnderAKnownKeyIdIsRefused() {
        assertRejected(rs256(generateRsa(RSA.getKeyID()), supabaseClaims(UUID.randomUUID().toString(), null).build()));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
        String payload = Base64URL.encode(supabaseClaims(UUID.randomUUID().toString(), null).build().toString())
                .toString();
        assertRejected(header + "." + payload + ".");
    }

    @Test
    void aTokenWithoutSubjectSuchAsTheAnonKeyIsRefused() {
        assertRejected(hs256(supabaseClaims(null, null).claim("role", "anon").build(),
                SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSupabaseTokenCannotTakeOverALocalAccountByItsEmail() {
        SignedUpUser local = TestUsers.signUp(api);
        String sub = UUID.randomUUID().toString();
        TestApi.Response r = api.as(hs256(supabaseClaims(sub, local.email()).build(),
                SECRET.getBytes(StandardCharsets.UTF_8))).get("/api/auth/me");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asString()).isEqualTo(sub);
        assertThat(r.json().get("email").isNull()).isTrue();

        TestApi.Response mine = api.as(local.accessToken()).get("/api/auth/me");
        assertThat(mine.json().get("id").asString()).isEqualTo(local.id());
        assertThat(mine.json().get("email").asString()).isEqualTo(local.email());
    }

    @Test
    void ourOwnTokensKeepWorkingAlongside() {
        SignedUpUser user = TestUsers.signUp(api);
        assertThat(api.as(user.accessToken()).get("/api/auth/me").status()).isEqualTo(200);
    }

    private static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the public halves of the keys; stopped with the JVM (daemon executor). */
    private static HttpServer serveJwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] jwks = new JWKSet(java.util.List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString()
                    .getBytes(StandardCharsets.UTF_8);
            server.createContext("/auth/v1/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
