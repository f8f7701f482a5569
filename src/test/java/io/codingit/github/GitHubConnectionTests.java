package io.codingit.github;

import io.codingit.github.GitHubUsers.ConnectedUser;
import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.codingit.github.FakeGitHub.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connecting to GitHub: saved tokens (validated, encrypted at rest, never returned), the OAuth web
 * flow with its state, disconnecting. Runs on H2 and PostgreSQL.
 */
abstract class GitHubConnectionTests {
    private static final String TOKEN_ENDPOINT = "/login/oauth/access_token";
    private static final String REVOKE_ENDPOINT = "/api/v3/applications/" + FakeGitHubInitializer.CLIENT_ID + "/token";
    /** Codes the fake token endpoint accepts, and the token each one grants. */
    private static final Map<String, String> GRANTS = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    final FakeGitHub github = FakeGitHub.instance();
    TestApi anonymous;

    @BeforeAll
    static void fakeTokenEndpoint() {
        FakeGitHub.instance().on("POST", TOKEN_ENDPOINT, req -> {
            Map<String, String> form = form(req.body());
            String token = GRANTS.remove(form.getOrDefault("code", ""));
            if (token == null || !FakeGitHubInitializer.CLIENT_SECRET.equals(form.get("client_secret"))) {
                return json(200, "{\"error\": \"bad_verification_code\"}");
            }
            return json(200, "{\"access_token\": \"" + token + "\", \"token_type\": \"bearer\", \"scope\": \"repo,read:org\"}");
        });
        FakeGitHub.instance().on("DELETE", REVOKE_ENDPOINT, req -> new FakeGitHub.Reply(204, Map.of(), null));
    }

    @BeforeEach
    void api() {
        anonymous = new TestApi(port);
    }

    @Test
    void aSavedTokenIsCheckedWithGitHubAndStoredEncrypted() {
        ConnectedUser user = GitHubUsers.connect(anonymous, github);

        String ciphertext = jdbc.sql("SELECT token_ciphertext FROM github_connections WHERE user_id = :id")
                .param("id", user.account().id()).query(String.class).single();
        assertThat(ciphertext).startsWith("v1:")
                .doesNotContain(user.token())
                .doesNotContain(user.token().substring(4, 20))
                .doesNotContain(Base64.getEncoder().encodeToString(user.token().getBytes(StandardCharsets.UTF_8)));
        assertThat(github.requestsWithToken(user.token())).extracting(FakeGitHub.Request::uri).contains("/api/v3/user");

        TestApi.Response connection = user.api().get("/api/github/connection");
        assertThat(connection.status()).isEqualTo(200);
        assertThat(connection.body()).doesNotContain(user.token());
        JsonNode body = connection.json();
        assertThat(body.get("connected").asBoolean()).isTrue();
        assertThat(body.get("login").asString()).isEqualTo(user.login());
        assertThat(body.get("source").asString()).isEqualTo("token");
        assertThat(body.get("connected_at").asString()).isNotBlank();
    }

    @Test
    void theSaveAnswerNeverContainsTheToken() {
        SignedUpUser account = TestUsers.signUp(anonymous);
        String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        github.onGet("/user", token, GitHubUsers.userReply("echo-" + UUID.randomUUID().toString().substring(0, 6)));

        TestApi.Response r = anonymous.as(account.accessToken()).put("/api/github/token", Map.of("token", token));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(token);
        assertThat(r.json().get("source").asString()).isEqualTo("token");
    }

    @Test
    void aTokenGitHubRejectsIsNotStored() {
        SignedUpUser account = TestUsers.signUp(anonymous);
        TestApi api = anonymous.as(account.accessToken());
        // GitHub knows some other token; for this one its /user answers 401 Bad credentials.
        github.onGet("/user", "ghp_valid" + UUID.randomUUID(), GitHubUsers.userReply("someone"));

        TestApi.Response r = api.put("/api/github/token", Map.of("token", "ghp_unknown" + UUID.randomUUID().toString().replace("-", "")));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("code").asString()).isEqualTo("github_token_invalid");
        assertThat(storedRows(account.id())).isZero();
    }

    @Test
    void aMissingOrMalformedTokenIs400NamingTheField() {
        TestApi api = anonymous.as(TestUsers.signUp(anonymous).accessToken());

        for (Object body : List.of(Map.of(), Map.of("token", " "), Map.of("token", "two words"))) {
            TestApi.Response r = api.put("/api/github/token", body);
            assertThat(r.status()).as(body + " " + r).isEqualTo(400);
            assertThat(r.json().get("message").asString()).contains("'token'");
        }
    }

    @Test
    void savingAgainReplacesTheToken() {
        ConnectedUser user = GitHubUsers.connect(anonymous, github);
        String newToken = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        github.onGet("/user", newToken, GitHubUsers.userReply("renamed-" + UUID.randomUUID().toString().substring(0, 6)));

        TestApi.Response r = user.api().put("/api/github/token", Map.of("token", newToken));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("login").asString()).startsWith("renamed-");
        assertThat(storedRows(user.account().id())).isEqualTo(1);
        user.api().get("/api/github/user");
        assertThat(github.requests().getLast().token()).isEqualTo(newToken);
    }

    @Test
    void disconnectingForgetsTheToken() {
        ConnectedUser user = GitHubUsers.connect(anonymous, github);

        TestApi.Response r = user.api().delete("/api/github/connection");

        assertThat(r.status()).isEqualTo(204);
        assertThat(storedRows(user.account().id())).isZero();
        assertThat(user.api().get("/api/github/connection").json().get("connected").asBoolean()).isFalse();
        // this server has the OAuth app configured: the console offers "Connect with GitHub"
        assertThat(user.api().get("/api/github/connection").json().get("oauthAvailable").asBoolean()).isTrue();
        assertThat(user.api().get("/api/github/user").status()).isEqualTo(503);
    }

    @Test
    void aCiphertextMovedToAnotherUserDoesNotDecryptForThem() {
        ConnectedUser victim = GitHubUsers.connect(anonymous, github);
        ConnectedUser thief = GitHubUsers.connect(anonymous, github);
        String victimsCiphertext = jdbc.sql("SELECT token_ciphertext FROM github_connections WHERE user_id = :id")
                .param("id", victim.account().id()).query(String.class).single();
        jdbc.sql("UPDATE github_connections SET token_ciphertext = :c WHERE user_id = :id")
                .param("c", victimsCiphertext).param("id", thief.account().id()).update();
        int victimRequests = github.requestsWithToken(victim.token()).size();

        TestApi.Response r = thief.api().get("/api/github/user");

        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(github.requestsWithToken(victim.token())).hasSize(victimRequests);
    }

    @Test
    void theOAuthFlowStoresTheGrantedTokenAndReturnsToTheApp() {
        SignedUpUser account = TestUsers.signUp(anonymous);
        // A browser: the session cookie, no Authorization header.
        TestApi browser = anonymous.withHeader("Cookie", "codingit_access=" + account.accessToken());

        TestApi.Response connect = browser.get("/api/github/connect");

        assertThat(connect.status()).as(connect.toString()).isEqualTo(302);
        URI authorize = URI.create(connect.header("Location"));
        assertThat(authorize.toString()).startsWith(github.baseUrl() + "/login/oauth/authorize?");
        Map<String, String> query = query(authorize);
        assertThat(query.get("client_id")).isEqualTo(FakeGitHubInitializer.CLIENT_ID);
        assertThat(query.get("scope")).isEqualTo("repo read:org");
        String state = query.get("state");
        assertThat(state).hasSizeGreaterThanOrEqualTo(32);

        String code = "code-" + UUID.randomUUID();
        String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
        String login = "oauth-" + UUID.randomUUID().toString().substring(0, 8);
        GRANTS.put(code, token);
        github.onGet("/user", token, GitHubUsers.userReply(login));

        TestApi.Response callback = browser.get("/api/github/callback?code=" + code + "&state=" + state);

        assertThat(callback.status()).as(callback.toString()).isEqualTo(302);
        assertThat(callback.header("Location")).isEqualTo(FakeGitHubInitializer.SUCCESS_URL);
        Map<String, String> exchanged = form(github.requestsTo(TOKEN_ENDPOINT).stream()
                .filter(req -> req.body().contains(code)).findFirst().orElseThrow().body());
        assertThat(exchanged).containsEntry("client_id", FakeGitHubInitializer.CLIENT_ID)
                .containsEntry("client_secret", FakeGitHubInitializer.CLIENT_SECRET).containsEntry("code", code);
        JsonNode connection = browser.get("/api/github/connection").json();
        assertThat(connection.get("source").asString()).isEqualTo("oauth");
        assertThat(connection.get("login").asString()).isEqualTo(login);
        assertThat(jdbc.sql("SELECT token_ciphertext FROM github_connections WHERE user_id = :id")
                .param("id", account.id()).query(String.class).single()).doesNotContain(token);

        TestApi.Response replay = browser.get("/api/github/callback?code=" + code + "&state=" + state);
        assertThat(replay.status()).as("a state is single-use: " + replay).isEqualTo(400);
    }

    @Test
    void disconnectingAnOAuthConnectionRevokesTheTokenAtGitHub() {
        SignedUpUser account = TestUsers.signUp(anonymous);
        TestApi browser = anonymous.withHeader("Cookie", "codingit_access=" + account.accessToken());
        String state = query(URI.create(browser.get("/api/github/connect").header("Location"))).get("state");
        String code = "code-" + UUID.randomUUID();
        String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
        GRANTS.put(code, token);
        github.onGet("/user", token, GitHubUsers.userReply("revokee"));
        assertThat(browser.get("/api/github/callback?code=" + code + "&state=" + state).status()).isEqualTo(302);

        TestApi.Response r = browser.delete("/api/github/connection");

        assertThat(r.status()).isEqualTo(204);
        FakeGitHub.Request revoke = github.requestsTo(REVOKE_ENDPOINT).stream()
                .filter(req -> req.body().contains(token)).findFirst().orElseThrow();
        assertThat(revoke.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (FakeGitHubInitializer.CLIENT_ID + ":" + FakeGitHubInitializer.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(storedRows(account.id())).isZero();
    }

    @Test
    void disconnectingASavedTokenDoesNotTryToRevokeIt() {
        ConnectedUser user = GitHubUsers.connect(anonymous, github);

        assertThat(user.api().delete("/api/github/connection").status()).isEqualTo(204);

        assertThat(github.requestsTo(REVOKE_ENDPOINT)).noneMatch(req -> req.body().contains(user.token()));
    }

    @Test
    void aCallbackWithAStateThatWasNeverIssuedIsRejectedWithoutExchangingTheCode() {
        SignedUpUser account = TestUsers.signUp(anonymous);
        TestApi browser = anonymous.withHeader("Cookie", "codingit_access=" + account.accessToken());
        browser.get("/api/github/connect");
        String code = "code-" + UUID.randomUUID();

        TestApi.Response r = browser.get("/api/github/callback?code=" + code + "&state=forged-" + UUID.randomUUID());

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("'state'");
        assertThat(github.requestsTo(TOKEN_ENDPOINT)).noneMatch(req -> req.body().contains(code));
        assertThat(storedRows(account.id())).isZero();
    }

    @Test
    void aStateIssuedToAnotherUserIsRejected() {
        TestApi alice = anonymous.withHeader("Cookie", "codingit_access=" + TestUsers.signUp(anonymous).accessToken());
        SignedUpUser mallory = TestUsers.signUp(anonymous);
        String alicesState = query(URI.create(alice.get("/api/github/connect").header("Location"))).get("state");

        TestApi.Response r = anonymous.as(mallory.accessToken())
                .get("/api/github/callback?code=whatever&state=" + alicesState);

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(storedRows(mallory.id())).isZero();
    }

    /**
     * The callback is a browser navigation: a failure there sends the browser back to the console's
     * GitHub screen with the message (issue 24, item 7), instead of replacing the app with the JSON body.
     */
    @Test
    void aFailedCallbackInTheBrowserReturnsToTheConsoleWithTheMessage() {
        SignedUpUser account = TestUsers.signUp(anonymous);
        TestApi browser = anonymous.withHeader("Cookie", "codingit_access=" + account.accessToken())
                .withHeader("Sec-Fetch-Mode", "navigate").withHeader("Accept", "text/html,application/xhtml+xml");

        TestApi.Response forged = browser.get("/api/github/callback?code=whatever&state=forged-" + UUID.randomUUID());
        assertThat(consoleError(forged)).contains("'state'");

        String denied = query(URI.create(browser.get("/api/github/connect").header("Location"))).get("state");
        assertThat(consoleError(browser.get("/api/github/callback?error=access_denied&state=" + denied)))
                .isEqualTo("GitHub did not grant access (access denied); connect again");

        String refused = query(URI.create(browser.get("/api/github/connect").header("Location"))).get("state");
        assertThat(consoleError(browser.get("/api/github/callback?code=never-granted&state=" + refused)))
                .contains("did not accept the authorisation code");
        assertThat(storedRows(account.id())).isZero();
    }

    /** The message a failed OAuth step sends to the console: 302 to {@code /#/github?error=<message>}, not cached. */
    private static String consoleError(TestApi.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        String location = r.header("Location");
        assertThat(location).startsWith("/#/github?error=");
        return URLDecoder.decode(location.substring("/#/github?error=".length()), StandardCharsets.UTF_8);
    }

    @Test
    void theOAuthRoutesNeedASession() {
        assertThat(anonymous.get("/api/github/connect").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/github/callback?code=a&state=b").status()).isEqualTo(401);
    }

    private long storedRows(String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM github_connections WHERE user_id = :id").param("id", userId)
                .query(Long.class).single();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        UriComponentsBuilder.fromUri(uri).build().getQueryParams().forEach((k, v) ->
                params.put(k, URLDecoder.decode(v.getFirst(), StandardCharsets.UTF_8)));
        return params;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
