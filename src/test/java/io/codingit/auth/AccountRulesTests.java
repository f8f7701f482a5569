package io.codingit.auth;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Signup rules and what is stored (hashes only); on H2 and PostgreSQL. */
abstract class AccountRulesTests extends AuthApiTests {

    private TestApi.Response signUp(String email, String password) {
        return api.post("/api/auth/signup", Map.of("email", email, "password", password));
    }

    @Test
    void aPasswordShorterThanEightCharactersIsRefused() {
        TestApi.Response r = signUp(newEmail(), "x7#kQ2p");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("password").contains("8");
        assertThat(signUp(newEmail(), "x7#kQ2pz").status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseball", "iloveyou", "trustno1", "PASSWORD", "QwertyUiop"})
    void aCommonPasswordIsRefusedWhateverItsCase(String common) {
        TestApi.Response r = signUp(newEmail(), common);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("password").contains("common");
    }

    @Test
    void aPasswordLongerThanBcryptCanHashIsRefusedRatherThanTruncated() {
        TestApi.Response r = signUp(newEmail(), "a".repeat(40) + "é".repeat(17));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("72 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plainaddress", "two@@example.test", "spaces in@example.test", "nodot@localhost",
            "trailing@example.test.", "@example.test"})
    void anInvalidEmailIsRefusedNamingTheField(String email) {
        TestApi.Response r = signUp(email, "correct horse battery");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).startsWith("email");
    }

    @Test
    void missingFieldsAre400NamingTheField() {
        TestApi.Response r = api.post("/api/auth/signup", Map.of("email", newEmail()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("password");
    }

    @Test
    void thePasswordIsStoredAsABcryptHash() {
        String email = newEmail();
        signUp(email, "correct horse battery");
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE email = ?").param(email)
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2a$").doesNotContain("correct horse battery");
    }

    @Test
    void refreshTokensAreStoredOnlyAsTheirHash() {
        TestApi.Response r = signUpFresh();
        String refresh = r.json().get("refreshToken").asString();
        String userId = r.json().get("user").get("id").asString();
        List<String> stored = jdbc.sql("""
                        SELECT t.token_hash FROM refresh_tokens t JOIN session_families f ON f.id = t.family_id
                        WHERE f.user_id = ?""").param(userId).query(String.class).list();
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst()).hasSize(64).isNotEqualTo(refresh);
    }
}
