package io.codingit.auth.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With the JWKS endpoint unreachable, an asymmetric Supabase token is refused: fail closed. */
class SupabaseJwksUnavailableTest {

    @Test
    void anRs256TokenIsRefusedWhenTheJwksCannotBeFetched() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AuthProperties properties = new AuthProperties(null, "codingit", Duration.ofMinutes(15), Duration.ofDays(30),
                4, 8, Duration.ofMinutes(1), new AuthProperties.LoginThrottle(5, 20, Duration.ofMinutes(15)),
                new AuthProperties.Supabase(null, "http://127.0.0.1:" + closedPort + "/jwks.json", null,
                        "authenticated"), java.util.List.of());
        // no account is looked up for a token that fails verification, so no database is needed
        SupabaseTokens tokens = new SupabaseTokens(null, properties);

        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject(UUID.randomUUID().toString()).audience("authenticated")
                        .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(key));

        assertThatThrownBy(() -> tokens.verify(jwt)).isInstanceOf(TokenRejectedException.class);
    }
}
