package io.codingit.github;

import io.codingit.github.GitHubUsers.ConnectedUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.codingit.github.FakeGitHub.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract's GitHub routes against a fake GitHub: shapes, owners, pagination, contents, conditional requests. */
@GitHubIntegrationTest
class GitHubRoutesTest {
    private static final String API = "/api/v3";

    @LocalServerPort
    int port;
    final FakeGitHub github = FakeGitHub.instance();
    TestApi anonymous;
    ConnectedUser user;

    @BeforeEach
    void connect() {
        anonymous = new TestApi(port);
        user = GitHubUsers.connect(anonymous, github);
    }

    @Test
    void userReturnsOnlyTheContractFieldsAndSendsGitHubsHeaders() {
        TestApi.Response r = user.api().get("/api/github/user");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("login").asString()).isEqualTo(user.login());
        assertThat(body.get("name").asString()).isEqualTo("Name of " + user.login());
        assertThat(body.get("avatar_url").asString()).isEqualTo("https://avatars.example/" + user.login());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("login", "name", "avatar_url");
        FakeGitHub.Request sent = last(github.requestsWithToken(user.token()));
        assertThat(sent.uri()).isEqualTo(API + "/user");
        assertThat(sent.header("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(sent.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(sent.header("User-Agent")).isEqualTo("CodingIT");
    }

    @Test
    void orgsCarryTheContractFieldsAndTheNameFallsBackToTheLogin() {
        github.onGet("/user/orgs?per_page=100", user.token(), json(200, """
                [{"login": "acme", "id": 7, "node_id": "O_7", "url": "https://api.example/orgs/acme",
                  "repos_url": "https://api.example/orgs/acme/repos", "avatar_url": "https://avatars.example/acme",
                  "description": "ignored"}]"""));

        TestApi.Response r = user.api().get("/api/github/orgs");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode org = r.json().get(0);
        assertThat(org.propertyNames()).containsExactlyInAnyOrder("login", "id", "node_id", "url", "repos_url",
                "avatar_url", "name");
        assertThat(org.get("id").asLong()).isEqualTo(7);
        assertThat(org.get("node_id").asString()).isEqualTo("O_7");
        assertThat(org.get("name").asString()).isEqualTo("acme");
    }

    @Test
    void ownReposFollowThreePagesDropDuplicatesAndSortCaseInsensitively() {
        String first = API + "/user/repos?affiliation=owner&per_page=100";
        String second = API + "/user/repos?affiliation=owner&per_page=100&page=2";
        String third = API + "/user/repos?affiliation=owner&per_page=100&page=3";
        github.onGet("/user/repos?affiliation=owner&per_page=100", user.token(),
                json(200, repos(user.login(), "zeta", "Alpha")).withHeader("Link",
                        "<" + github.baseUrl() + second + ">; rel=\"next\", <" + github.baseUrl() + third + ">; rel=\"last\""));
        github.onGet("/user/repos?affiliation=owner&per_page=100&page=2", user.token(),
                json(200, repos(user.login(), "beta", "zeta")).withHeader("Link",
                        "<" + github.baseUrl() + first + ">; rel=\"prev\", <" + github.baseUrl() + third + ">; rel=\"next\""));
        github.onGet("/user/repos?affiliation=owner&per_page=100&page=3", user.token(),
                json(200, repos(user.login(), "Gamma", "alpha-two", "beta")).withHeader("Link",
                        "<" + github.baseUrl() + second + ">; rel=\"prev\""));

        TestApi.Response r = user.api().get("/api/github/repos?owner=" + user.login().toLowerCase());

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(names(r.json())).containsExactly("Alpha", "alpha-two", "beta", "Gamma", "zeta");
        JsonNode alpha = r.json().get(0);
        assertThat(alpha.propertyNames()).containsExactlyInAnyOrder("name", "full_name", "description", "private",
                "clone_url", "updated_at", "language");
        assertThat(alpha.get("private").asBoolean()).isTrue();
        assertThat(alpha.get("full_name").asString()).isEqualTo(user.login() + "/Alpha");
        assertThat(github.requestsTo(third)).hasSize(1);
    }

    @Test
    void anOrganisationsReposComeFromTheOrgListing() {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        github.onGet("/users/" + org, user.token(), json(200, "{\"login\": \"" + org + "\", \"type\": \"Organization\"}"));
        github.onGet("/orgs/" + org + "/repos?per_page=100", user.token(), json(200, repos(org, "service", "api")));

        TestApi.Response r = user.api().get("/api/github/repos?owner=" + org);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(names(r.json())).containsExactly("api", "service");
        assertThat(github.requestsTo(API + "/users/" + org + "/repos?per_page=100")).isEmpty();
    }

    @Test
    void anotherUsersReposComeFromTheirPublicListing() {
        String other = "someone-" + UUID.randomUUID().toString().substring(0, 8);
        github.onGet("/users/" + other, user.token(), json(200, "{\"login\": \"" + other + "\", \"type\": \"User\"}"));
        github.onGet("/users/" + other + "/repos?per_page=100", user.token(), json(200, repos(other, "dotfiles")));

        TestApi.Response r = user.api().get("/api/github/repos?owner=" + other);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(names(r.json())).containsExactly("dotfiles");
        assertThat(github.requestsTo(API + "/user/repos?affiliation=owner&per_page=100").stream()
                .filter(req -> user.token().equals(req.token()))).isEmpty();
    }

    @Test
    void anUnknownOwnerIsNotFound() {
        TestApi.Response r = user.api().get("/api/github/repos?owner=nobody-" + UUID.randomUUID().toString().substring(0, 8));

        assertThat(r.status()).as(r.toString()).isEqualTo(404);
    }

    @Test
    void aFileComesWithItsContentAndEverythingInTheUrlIsEncoded() {
        github.onGet("/repos/octo/my.repo/contents/docs/read%20me.md?ref=feature%2Fx%2By", user.token(), json(200, """
                {"type": "file", "name": "read me.md", "path": "docs/read me.md", "size": 5, "sha": "abc",
                 "content": "aGVsbG8=\\n", "encoding": "base64", "download_url": "https://raw.example/read%20me.md"}"""));

        TestApi.Response r = user.api().get("/api/github/repos/octo/my.repo?path=docs/read%20me.md&ref=feature/x%2By");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode file = r.json();
        assertThat(file.get("type").asString()).isEqualTo("file");
        assertThat(file.get("name").asString()).isEqualTo("read me.md");
        assertThat(file.get("path").asString()).isEqualTo("docs/read me.md");
        assertThat(file.get("size").asLong()).isEqualTo(5);
        assertThat(file.get("content").get("content").asString()).isEqualTo("aGVsbG8=\n");
        assertThat(file.get("content").get("encoding").asString()).isEqualTo("base64");
        assertThat(file.get("download_url").asString()).isEqualTo("https://raw.example/read%20me.md");
        assertThat(file.has("sha")).isFalse();
    }

    @Test
    void aDirectoryListsItsEntries() {
        github.onGet("/repos/octo/app/contents", user.token(), json(200, """
                [{"type": "dir", "name": "src", "path": "src", "size": 0, "download_url": null, "sha": "1"},
                 {"type": "file", "name": "README.md", "path": "README.md", "size": 42,
                  "download_url": "https://raw.example/README.md", "sha": "2"}]"""));

        TestApi.Response r = user.api().get("/api/github/repos/octo/app");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode dir = r.json();
        assertThat(dir.get("type").asString()).isEqualTo("dir");
        JsonNode contents = dir.get("contents");
        assertThat(contents).hasSize(2);
        assertThat(contents.get(0).propertyNames()).containsExactlyInAnyOrder("name", "path", "type", "size",
                "download_url");
        assertThat(contents.get(0).get("type").asString()).isEqualTo("dir");
        assertThat(contents.get(1).get("size").asLong()).isEqualTo(42);
        assertThat(contents.get(1).get("download_url").asString()).isEqualTo("https://raw.example/README.md");
    }

    @Test
    void missingContentsAreNotFound() {
        TestApi.Response r = user.api().get("/api/github/repos/octo/app?path=no/such/file.txt");

        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.json().get("error").asBoolean()).isTrue();
    }

    @Test
    void aRepeatedRequestIsConditionalAndServedFromTheCacheOn304() {
        String etag = "\"etag-" + UUID.randomUUID() + "\"";
        github.on("GET", API + "/repos/octo/cached/contents/a.txt", req -> {
            if (!user.token().equals(req.token())) {
                return json(401, "{\"message\":\"Bad credentials\"}");
            }
            if (etag.equals(req.header("If-None-Match"))) {
                return new FakeGitHub.Reply(304, java.util.Map.of("ETag", etag), null);
            }
            return json(200, """
                    {"type": "file", "name": "a.txt", "path": "a.txt", "size": 3, "content": "YWJj",
                     "encoding": "base64", "download_url": null}""").withHeader("ETag", etag);
        });

        TestApi.Response first = user.api().get("/api/github/repos/octo/cached?path=a.txt");
        TestApi.Response second = user.api().get("/api/github/repos/octo/cached?path=a.txt");

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(second.json().get("content").get("content").asString()).isEqualTo("YWJj");
        List<FakeGitHub.Request> sent = github.requestsTo(API + "/repos/octo/cached/contents/a.txt");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).header("If-None-Match")).isNull();
        assertThat(sent.get(1).header("If-None-Match")).isEqualTo(etag);
    }

    @Test
    void theCacheIsPerTokenSoAnotherUserNeverGetsAnAnswerMeantForTheFirst() {
        ConnectedUser other = GitHubUsers.connect(anonymous, github);

        TestApi.Response mine = user.api().get("/api/github/user");
        TestApi.Response theirs = other.api().get("/api/github/user");
        TestApi.Response mineAgain = user.api().get("/api/github/user");

        assertThat(mine.json().get("login").asString()).isEqualTo(user.login());
        assertThat(theirs.json().get("login").asString()).isEqualTo(other.login());
        assertThat(mineAgain.json().get("login").asString()).isEqualTo(user.login());
        assertThat(github.requestsWithToken(other.token())).isNotEmpty()
                .allSatisfy(req -> assertThat(req.token()).isEqualTo(other.token()));
        assertThat(github.requests().stream().filter(req -> req.uri().equals(API + "/user"))
                .filter(req -> req.token() == null)).isEmpty();
    }

    @Test
    void aUserWithoutAConnectionGets503AndNoTokenOfAnotherUserIsUsed() {
        TestApi stranger = anonymous.as(TestUsers.signUp(anonymous).accessToken());
        int before = github.requests().size();

        for (String route : List.of("/api/github/user", "/api/github/orgs", "/api/github/repos?owner=octo",
                "/api/github/repos/octo/app")) {
            TestApi.Response r = stranger.get(route);
            assertThat(r.status()).as(route + " " + r).isEqualTo(503);
            assertThat(r.json().get("message").asString()).isEqualTo("GitHub is not connected");
        }
        assertThat(github.requests()).hasSize(before);
        assertThat(stranger.get("/api/github/connection").json().get("connected").asBoolean()).isFalse();
    }

    @Test
    void invalidParametersAre400NamingTheParameterBeforeAnyCallToGitHub() {
        int before = github.requestsWithToken(user.token()).size();
        record Case(String route, String parameter) {
        }
        List<Case> cases = List.of(
                new Case("/api/github/repos", "owner"),
                new Case("/api/github/repos?owner=", "owner"),
                new Case("/api/github/repos?owner=-leading-dash", "owner"),
                new Case("/api/github/repos?owner=double--dash", "owner"),
                new Case("/api/github/repos?owner=" + "a".repeat(40), "owner"),
                new Case("/api/github/repos?owner=a%2Fb", "owner"),
                new Case("/api/github/repos/bad_owner/app", "owner"),
                new Case("/api/github/repos/octo/a%20b", "repo"),
                new Case("/api/github/repos/octo/" + "r".repeat(101), "repo"),
                new Case("/api/github/repos/octo/app?path=../secret", "path"),
                new Case("/api/github/repos/octo/app?path=a/../b", "path"),
                new Case("/api/github/repos/octo/app?path=/etc/passwd", "path"),
                new Case("/api/github/repos/octo/app?path=a//b", "path"),
                new Case("/api/github/repos/octo/app?path=dir/", "path"),
                new Case("/api/github/repos/octo/app?ref=a..b", "ref"),
                new Case("/api/github/repos/octo/app?ref=has%20space", "ref"),
                new Case("/api/github/repos/octo/app?ref=x~1", "ref"),
                new Case("/api/github/repos/octo/app?ref=branch.lock", "ref"),
                new Case("/api/github/repos/octo/app?ref=%40", "ref"),
                new Case("/api/github/repos/octo/app?ref=a%40%7Bb", "ref"));

        for (Case c : cases) {
            TestApi.Response r = user.api().get(c.route());
            assertThat(r.status()).as(c.route() + " " + r).isEqualTo(400);
            assertThat(r.json().get("message").asString()).as(c.route()).contains("'" + c.parameter() + "'");
        }
        assertThat(github.requestsWithToken(user.token())).hasSize(before);
    }

    @Test
    void aNextLinkOutsideTheConfiguredApiIsNotFollowed() {
        String other = "leaky-" + UUID.randomUUID().toString().substring(0, 8);
        github.onGet("/users/" + other, user.token(), json(200, "{\"login\": \"" + other + "\", \"type\": \"User\"}"));
        github.onGet("/users/" + other + "/repos?per_page=100", user.token(), json(200, repos(other, "one"))
                .withHeader("Link", "<http://evil.example/steal?page=2>; rel=\"next\""));

        TestApi.Response r = user.api().get("/api/github/repos?owner=" + other);

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
    }

    @Test
    void aRenamedRepositoryIsFollowedWithinTheApi() {
        github.onGet("/repos/octo/old-name/contents", user.token(), json(301, "{\"message\": \"Moved Permanently\"}")
                .withHeader("Location", github.apiUrl() + "/repositories/42/contents"));
        github.onGet("/repositories/42/contents", user.token(), json(200, "[]"));

        TestApi.Response r = user.api().get("/api/github/repos/octo/old-name");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("contents")).isEmpty();
        assertThat(github.requestsTo(API + "/repositories/42/contents")).last()
                .satisfies(req -> assertThat(req.token()).isEqualTo(user.token()));
    }

    @Test
    void aRedirectOffTheApiIsNotFollowedSoTheTokenStaysHome() {
        github.onGet("/repos/octo/moved-away/contents", user.token(), json(301, "{}")
                .withHeader("Location", github.baseUrl() + "/elsewhere/contents"));

        TestApi.Response r = user.api().get("/api/github/repos/octo/moved-away");

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(github.requestsTo("/elsewhere/contents")).isEmpty();
    }

    static String repos(String owner, String... names) {
        List<String> items = new ArrayList<>();
        for (String name : names) {
            items.add("""
                    {"name": "%s", "full_name": "%s/%s", "description": null, "private": true,
                     "clone_url": "https://github.example/%s/%s.git", "updated_at": "2026-01-01T00:00:00Z",
                     "language": "Java", "owner": {"login": "%s"}}""".formatted(name, owner, name, owner, name, owner));
        }
        return "[" + String.join(",", items) + "]";
    }

    static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.get("name").asString()));
        return names;
    }

    static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
