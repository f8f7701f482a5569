package io.codingit.auth;

import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Personal API tokens: create (secret once), list, use as Bearer, last-used, revoke; on H2 and PostgreSQL. */
abstract class ApiTokenTests extends AuthApiTests {
    SignedUpUser user;

    @BeforeEach
    void signUp() {
        user = TestUsers.signUp(api);
    }

    private JsonNode create(String name) {
        TestApi.Response r = api.as(user.accessToken()).post("/api/auth/tokens", Map.of("name", name));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    @Test
    void theSecretIsShownOnceAndTheListCarriesNoSecret() {
        JsonNode created = create("ci");
        String secret = created.get("token").asString();
        assertThat(secret).startsWith("cit_").hasSize(4 + 43);
        assertThat(created.get("prefix").asString()).isEqualTo(secret.substring(0, 12));
        assertThat(created.get("created_at").asString()).isNotBlank();

        TestApi.Response list = api.as(user.accessToken()).get("/api/auth/tokens");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret);
        JsonNode entry = list.json().get(0);
        assertThat(entry.get("name").asString()).isEqualTo("ci");
        assertThat(entry.get("prefix").asString()).isEqualTo(secret.substring(0, 12));
        assertThat(entry.has("token")).isFalse();
        assertThat(entry.has("last_used_at")).isTrue();
        assertThat(entry.has("expires_at")).isTrue();
    }

    @Test
    void theTokenIsStoredOnlyAsItsHash() {
        String secret = create("stored").get("token").asString();
        String stored = jdbc.sql("SELECT token_hash FROM api_tokens WHERE user_id = ?").param(user.id())
                .query(String.class).single();
        assertThat(stored).hasSize(64).doesNotContain(secret.substring(4));
    }

    @Test
    void theTokenAuthenticatesAsItsOwnerAndRecordsItsLastUse() {
        String secret = create("script").get("token").asString();

        TestApi.Response me = api.as(secret).get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asString()).isEqualTo(user.id());

        JsonNode listed = api.as(user.accessToken()).get("/api/auth/tokens").json().get(0);
        assertThat(listed.get("last_used_at").isNull()).isFalse();
    }

    @Test
    void lastUsedIsWrittenAtMostOncePerInterval() {
        JsonNode created = create("busy");
        String secret = created.get("token").asString();
        api.as(secret).get("/api/auth/me");
        OffsetDateTime first = lastUsed(created.get("id").asString());
        api.as(secret).get("/api/auth/me");
        assertThat(lastUsed(created.get("id").asString())).isEqualTo(first);

        // once the recorded use is older than the interval (1 minute), the next use writes again
        jdbc.sql("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5), created.get("id").asString()).update();
        OffsetDateTime stale = lastUsed(created.get("id").asString());
        api.as(secret).get("/api/auth/me");
        assertThat(lastUsed(created.get("id").asString())).isAfter(stale);
    }

    @Test
    void aDeletedTokenNoLongerAuthenticates() {
        JsonNode created = create("temporary");
        String secret = created.get("token").asString();
        assertThat(api.as(secret).get("/api/auth/me").status()).isEqualTo(200);

        assertThat(api.as(user.accessToken()).delete("/api/auth/tokens/" + created.get("id").asString()).status())
                .isEqualTo(204);

        TestApi.Response after = api.as(secret).get("/api/auth/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("code").asString()).isEqualTo("invalid_token");
        assertThat(api.as(user.accessToken()).get("/api/auth/tokens").json().size()).isZero();
    }

    @Test
    void anExpiredTokenIsRefused() {
        JsonNode created = api.as(user.accessToken())
                .post("/api/auth/tokens", Map.of("name", "short", "expiresInDays", 1)).json();
        assertThat(created.get("expires_at").asString()).isNotBlank();
        String secret = created.get("token").asString();
        assertThat(api.as(secret).get("/api/auth/me").status()).isEqualTo(200);

        jdbc.sql("UPDATE api_tokens SET expires_at = ? WHERE id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), created.get("id").asString()).update();
        assertThat(api.as(secret).get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void anotherUsersTokenCannotBeDeletedOrSeen() {
        String id = create("mine").get("id").asString();
        SignedUpUser other = TestUsers.signUp(api);

        assertThat(api.as(other.accessToken()).delete("/api/auth/tokens/" + id).status()).isEqualTo(404);
        assertThat(api.as(other.accessToken()).get("/api/auth/tokens").json().size()).isZero();
        assertThat(api.as(user.accessToken()).get("/api/auth/tokens").json().size()).isEqualTo(1);
    }

    @Test
    void anApiTokenCannotManageApiTokens() {
        String secret = create("limited").get("token").asString();
        TestApi.Response r = api.as(secret).post("/api/auth/tokens", Map.of("name", "successor"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asBoolean()).isTrue();
    }

    @Test
    void aTokenNeedsAName() {
        TestApi.Response r = api.as(user.accessToken()).post("/api/auth/tokens", Map.of("name", " "));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("name");
    }

    @Test
    void managingTokensRequiresAuthentication() {
        assertThat(api.get("/api/auth/tokens").status()).isEqualTo(401);
        assertThat(api.post("/api/auth/tokens", Map.of("name", "x")).status()).isEqualTo(401);
    }

    private OffsetDateTime lastUsed(String id) {
        return jdbc.sql("SELECT last_used_at FROM api_tokens WHERE id = ?").param(id)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).single();
    }
}
