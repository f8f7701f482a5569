package io.codingit.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.codingit.support.IntegrationTest;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a forged or stale access token can arrive, each refused with a 401 JSON body. Tokens are
 * minted here with the server's real key (read from its data directory) where the attack needs one.
 */
@IntegrationTest
class TokenRejectionTest {
    @LocalServerPort
    int port;
    @Value("${codingit.data-dir}")
    Path dataDir;
    TestApi api;
    SignedUpUser user;
    SignedJWT genuine;
    byte[] serverKey;

    @BeforeEach
    void setUp() throws Exception {
        api = new TestApi(port);
        user = TestUsers.signUp(api);
        genuine = SignedJWT.parse(user.accessToken());
        serverKey = Base64.getDecoder().decode(Files.readString(dataDir.resolve("auth/jwt-signing-key")).trim());
    }

    private JWTClaimsSet.Builder claims() throws Exception {
        return new JWTClaimsSet.Builder(genuine.getJWTClaimsSet());
    }

    private String hs256(JWSHeader header, JWTClaimsSet claims, byte[] key) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private JWSHeader ourHeader() {
        return new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(genuine.getHeader().getKeyID()).build();
    }

    private void assertRejected(String token) {
        TestApi.Response r = api.as(token).get("/api/auth/me");
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asBoolean()).isTrue();
        assertThat(r.json().get("code").asString()).isEqualTo("invalid_token");
    }

    @Test
    void theGenuineTokenIsAccepted() throws Exception {
        assertThat(api.as(hs256(ourHeader(), claims().build(), serverKey)).get("/api/auth/me").status())
                .isEqualTo(200);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        String token = hs256(ourHeader(), claims().issueTime(Date.from(past.minusSeconds(900)))
                .expirationTime(Date.from(past)).build(), serverKey);
        assertRejected(token);
    }

    @Test
    void aTokenWithAlteredClaimsIsRefused() throws Exception {
        String[] parts = user.accessToken().split("\\.");
        String forgedClaims = Base64URL.encode(claims().subject(UUID.randomUUID().toString()).build().toString())
                .toString();
        assertRejected(parts[0] + "." + forgedClaims + "." + parts[2]);
    }

    @Test
    void aTokenWithAnAlteredSignatureIsRefused() {
        String token = user.accessToken();
        char last = token.charAt(token.length() - 5);
        assertRejected(token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        byte[] otherKey = "another key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);
        assertRejected(hs256(ourHeader(), claims().build(), otherKey));
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\""
                + genuine.getHeader().getKeyID() + "\"}").toString();
        String payload = genuine.getPayload().toBase64URL().toString();
        assertRejected(header + "." + payload + ".");
    }

    @Test
    void anRs256TokenCarryingOurKeyIdIsRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
                claims().build());
        jwt.sign(new RSASSASigner(rsa));
        assertRejected(jwt.serialize());
    }

    @Test
    void anHs512TokenWithOurKeyIsRefused() throws Exception {
        byte[] longKey = new byte[64];
        System.arraycopy(serverKey, 0, longKey, 0, serverKey.length);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS512)
                .keyID(genuine.getHeader().getKeyID()).build(), claims().build());
        jwt.sign(new MACSigner(longKey));
        assertRejected(jwt.serialize());
    }

    @Test
    void aTokenWithAnUnknownKeyIdIsRefused() throws Exception {
        assertRejected(hs256(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("cit-0000000000000000").build(),
                claims().build(), serverKey));
    }

    @Test
    void aTokenWithoutKeyIdIsRefused() throws Exception {
        assertRejected(hs256(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims().build(), serverKey));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        assertRejected(hs256(ourHeader(), claims().issuer("https://issuer.example.test").build(), serverKey));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        assertRejected(hs256(ourHeader(), claims().audience("someone-else").build(), serverKey));
    }

    @Test
    void aTokenWithoutSubjectIsRefused() throws Exception {
        assertRejected(hs256(ourHeader(), claims().subject(null).build(), serverKey));
    }

    @Test
    void garbageIsRefused() {
        assertRejected("not-a-token");
        assertRejected("a.b.c");
    }

    @Test
    void aStaleCookieDoesNotStandInTheWayOfLoggingIn() {
        TestApi.Response r = api.withHeader("Cookie", "codingit_access=expired.or.garbage")
                .post("/api/auth/login", Map.of("email", user.email(), "password", user.password()));
        assertThat(r.status()).isEqualTo(200);
    }
}
