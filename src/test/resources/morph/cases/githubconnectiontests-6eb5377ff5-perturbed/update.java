 // ...
 */	
abstract class GitHubConnectionTests { 
    private static final String TOKEN_ENDPOINT = "/login/oauth/access_token";
    private static final String REVOKE_ENDPOINT = "/api/v3/applications/" + FakeGitHubInitializer.CLIENT_ID + "/token";
    /** Codes the fake token endpoint accepts, and the token each one grants. */
    private static final Map<String, String> GRANTS = new ConcurrentHashMap<>();

            // ...
            }
            return json(200, "{\"access_token\": \"" + token + "\", \"token_type\": \"bearer\", \"scope\": \"repo,read:org\"}");
        });
        FakeGitHub.instance().on("DELETE", REVOKE_ENDPOINT, req -> new FakeGitHub.Reply(204, Map.of(), null));
    }

    @BeforeEach
        // ...
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
// ...
