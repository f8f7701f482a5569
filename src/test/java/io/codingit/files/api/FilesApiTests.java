package io.codingit.files.api;

import io.codingit.support.SignedUpUser;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Files API over real HTTP, written once and run on H2 and PostgreSQL. Every test signs up
 * its own user, so workspaces never overlap.
 */
abstract class FilesApiTests {
    private static final List<String> FILE_FIELDS = List.of("id", "user_id", "path", "name", "content",
            "is_directory", "parent_path", "size_bytes", "created_at", "updated_at");

    @LocalServerPort
    int port;

    TestApi anonymous;
    TestApi alice;
    String aliceId;

    @BeforeEach
    void signUp() {
        anonymous = new TestApi(port);
        SignedUpUser user = TestUsers.signUp(anonymous);
        alice = anonymous.as(user.accessToken());
        aliceId = user.id();
    }

    @Test
    void createReturnsTheContractsFileObject() {
        TestApi.Response r = alice.post("/api/files", Map.of("path", "src/new-file.js", "isDirectory", false,
                "content", "console.log('Hello World');"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(body.get("success").asBoolean()).isTrue();
        JsonNode file = body.get("file");
        assertThat(fieldNames(file)).containsExactlyInAnyOrderElementsOf(FILE_FIELDS);
        assertThat(file.get("user_id").asString()).isEqualTo(aliceId);
        assertThat(file.get("path").asString()).isEqualTo("src/new-file.js");
        assertThat(file.get("name").asString()).isEqualTo("new-file.js");
        assertThat(file.get("content").asString()).isEqualTo("console.log('Hello World');");
        assertThat(file.get("is_directory").asBoolean()).isFalse();
        assertThat(file.get("parent_path").asString()).isEqualTo("src");
        assertThat(file.get("size_bytes").asLong()).isEqualTo(27);
        assertIsoUtc(file.get("created_at").asString());
        assertIsoUtc(file.get("updated_at").asString());
        assertThat(r.header("ETag")).startsWith("\"");
    }

    @Test
    void treeListsDirectoriesFirstWithChildrenOnlyOnDirectories() {
        create("src/index.js", "x");
        create("src/file10.js", "x");
        create("src/file2.js", "x");
        alice.post("/api/files", Map.of("path", "empty", "isDirectory", true));
        create("README.md", "# hi");

        JsonNode tree = alice.get("/api/files").json();

        assertThat(tree.isArray()).isTrue();
        assertThat(paths(tree)).containsExactly("empty", "src", "README.md");
        JsonNode src = tree.get(1);
        assertThat(fieldNames(src)).containsExactlyInAnyOrder("name", "path", "isDirectory", "children");
        assertThat(src.get("isDirectory").asBoolean()).isTrue();
        assertThat(paths(src.get("children"))).containsExactly("src/file2.js", "src/file10.js", "src/index.js");
        assertThat(fieldNames(src.get("children").get(0))).containsExactlyInAnyOrder("name", "path", "isDirectory");
        assertThat(tree.get(0).get("children").size()).isZero();
    }

    @Test
    void creatingAnExistingPathOrUnderAFileConflicts() {
        create("a.txt", "original");

        assertError(alice.post("/api/files", Map.of("path", "a.txt", "content", "other")), 409, "already exists");
        assertError(alice.post("/api/files", Map.of("path", "a.txt/b", "content", "x")), 409, "is a file");
        assertThat(readContent("a.txt")).isEqualTo("original");
    }

    @Test
    void deleteRemovesADirectorySubtreeButNotItsNamePrefixSiblings() {
        create("src/a.js", "a");
        create("src/deep/b.js", "b");
        create("src2/c.js", "c");

        TestApi.Response r = alice.delete("/api/files", Map.of("path", "src"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        assertThat(paths(alice.get("/api/files").json())).containsExactly("src2");
        assertError(alice.delete("/api/files", Map.of("path", "src")), 404, "src");
        assertThat(alice.delete("/api/files?path=src2").status()).isEqualTo(200);
        assertThat(alice.get("/api/files").json().size()).isZero();
    }

    @Test
    void readReturnsContentPathAndName() {
        create("src/index.js", "console.log(1);");

        TestApi.Response r = alice.get("/api/files/content?path=src/index.js");

        assertThat(r.status()).isEqualTo(200);
        assertThat(fieldNames(r.json())).containsExactlyInAnyOrder("content", "path", "name");
        assertThat(r.json().get("content").asString()).isEqualTo("console.log(1);");
        assertThat(r.json().get("name").asString()).isEqualTo("index.js");
        assertThat(r.header("ETag")).isNotBlank();
        assertError(alice.get("/api/files/content?path=src"), 400, "directory");
        assertError(alice.get("/api/files/content?path=nope.js"), 404, "nope.js");
        assertError(alice.get("/api/files/content"), 400, "path");
    }

    @Test
    void updateChangesContentSizeAndUpdatedAt() {
        JsonNode created = create("f.txt", "one");

        TestApi.Response r = alice.post("/api/files/content", Map.of("path", "f.txt", "content", "three"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode file = r.json().get("file");
        assertThat(fieldNames(file)).containsExactlyInAnyOrderElementsOf(FILE_FIELDS);
        assertThat(file.get("size_bytes").asLong()).isEqualTo(5);
        assertThat(Instant.parse(file.get("updated_at").asString()))
                .isAfter(Instant.parse(created.get("updated_at").asString()));
        assertThat(file.get("created_at").asString()).isEqualTo(created.get("created_at").asString());
        assertThat(readContent("f.txt")).isEqualTo("three");
        alice.post("/api/files", Map.of("path", "dir", "isDirectory", true));
        assertError(alice.post("/api/files/content", Map.of("path", "dir", "content", "x")), 400, "directory");
        assertError(alice.post("/api/files/content", Map.of("path", "missing", "content", "x")), 404, "missing");
        assertError(alice.post("/api/files/content", Map.of("path", "f.txt")), 400, "content");
        assertThat(readContent("f.txt")).isEqualTo("three");
    }

    @Test
    void ifMatchStopsATabFromOverwritingAnotherTabsChange() {
        create("shared.txt", "v1");
        String etag = alice.get("/api/files/content?path=shared.txt").header("ETag");

        TestApi.Response tabOne = alice.withHeader("If-Match", etag)
                .post("/api/files/content", Map.of("path", "shared.txt", "content", "tab one"));
        TestApi.Response tabTwo = alice.withHeader("If-Match", etag)
                .post("/api/files/content", Map.of("path", "shared.txt", "content", "tab two"));

        assertThat(tabOne.status()).isEqualTo(200);
        assertThat(tabOne.header("ETag")).isNotEqualTo(etag);
        assertError(tabTwo, 412, "changed");
        assertThat(readContent("shared.txt")).isEqualTo("tab one");
        TestApi.Response fresh = alice.withHeader("If-Match", tabOne.header("ETag"))
                .post("/api/files/content", Map.of("path", "shared.txt", "content", "tab two, reloaded"));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(alice.post("/api/files/content", Map.of("path", "shared.txt", "content", "no header")).status())
                .isEqualTo(200);
    }

    @Test
    void readingWithTheCurrentEtagInIfNoneMatchAnswers304() {
        create("cached.txt", "v1");
        String etag = alice.get("/api/files/content?path=cached.txt").header("ETag");

        assertThat(alice.withHeader("If-None-Match", etag).get("/api/files/content?path=cached.txt").status())
                .isEqualTo(304);
        alice.post("/api/files/content", Map.of("path", "cached.txt", "content", "v2"));
        TestApi.Response changed = alice.withHeader("If-None-Match", etag).get("/api/files/content?path=cached.txt");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("content").asString()).isEqualTo("v2");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedWith413() {
        String justOver = "x".repeat(5 * 1024 * 1024 + 1);

        assertError(alice.post("/api/files", Map.of("path", "big.txt", "content", justOver)), 413, "5242880");
        create("small.txt", "ok");
        assertError(alice.post("/api/files/content", Map.of("path", "small.txt", "content", justOver)), 413, "small.txt");
        assertThat(readContent("small.txt")).isEqualTo("ok");
        assertThat(paths(alice.get("/api/files").json())).containsExactly("small.txt");
    }

    @Test
    void binaryFilesRoundTripThroughBase64() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        String b64 = Base64.getEncoder().encodeToString(bytes);

        TestApi.Response created = alice.post("/api/files", Map.of("path", "img/logo.png", "content", b64, "encoding", "base64"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("file").get("size_bytes").asLong()).isEqualTo(4096);
        assertThat(created.json().get("file").get("encoding").asString()).isEqualTo("base64");

        JsonNode asked = alice.get("/api/files/content?path=img/logo.png&encoding=base64").json();
        assertThat(Base64.getDecoder().decode(asked.get("content").asString())).isEqualTo(bytes);
        JsonNode unasked = alice.get("/api/files/content?path=img/logo.png").json();
        assertThat(unasked.get("encoding").asString()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(unasked.get("content").asString())).isEqualTo(bytes);

        new Random(8).nextBytes(bytes);
        alice.post("/api/files/content", Map.of("path", "img/logo.png", "content",
                Base64.getEncoder().encodeToString(bytes), "encoding", "base64"));
        JsonNode updated = alice.get("/api/files/content?path=img/logo.png&encoding=base64").json();
        assertThat(Base64.getDecoder().decode(updated.get("content").asString())).isEqualTo(bytes);

        assertError(alice.post("/api/files", Map.of("path", "bad.bin", "content", "not base64!", "encoding", "base64")),
                400, "base64");
        assertError(alice.post("/api/files", Map.of("path", "bad.bin", "content", "x", "encoding", "utf-16")),
                400, "encoding");
    }

    @Test
    void batchImportsEverythingAndReportsTheCount() {
        List<Map<String, Object>> entries = new ArrayList<>();
        entries.add(Map.of("path", "proj/src/main.py", "content", "print('hi')"));
        entries.add(Map.of("path", "proj/assets", "content", "", "isDirectory", true));
        entries.add(Map.of("path", "proj/bin/blob", "content", "AAEC", "encoding", "base64"));

        TestApi.Response r = alice.post("/api/files/batch", Map.of("files", entries));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        assertThat(r.json().get("imported").asInt()).isEqualTo(3);
        assertThat(r.json().get("files").size()).isEqualTo(3);
        assertThat(fieldNames(r.json().get("files").get(0))).containsExactlyInAnyOrderElementsOf(FILE_FIELDS);
        assertThat(paths(alice.get("/api/files").json().get(0).get("children")))
                .containsExactly("proj/assets", "proj/bin", "proj/src");
    }

    @Test
    void aConflictingBatchWritesNothingAndListsTheConflicts() {
        create("keep.txt", "mine");
        List<Map<String, Object>> entries = List.of(Map.of("path", "fresh/a.txt", "content", "a"),
                Map.of("path", "keep.txt", "content", "overwrite"),
                Map.of("path", "dup.txt", "content", "1"), Map.of("path", "dup.txt", "content", "2"));

        TestApi.Response r = alice.post("/api/files/batch", Map.of("files", entries));

        assertError(r, 409, "keep.txt");
        List<String> conflicts = new ArrayList<>();
        r.json().get("conflicts").forEach(n -> conflicts.add(n.asString()));
        assertThat(conflicts).containsExactlyInAnyOrder("keep.txt", "dup.txt");
        assertThat(paths(alice.get("/api/files").json())).containsExactly("keep.txt");
        assertThat(readContent("keep.txt")).isEqualTo("mine");
    }

    @Test
    void batchSizeMustBeBetweenOneAndAThousand() {
        assertError(alice.post("/api/files/batch", Map.of("files", List.of())), 400, "at least one");
        List<Map<String, Object>> tooMany = IntStream.range(0, 1001)
                .mapToObj(i -> Map.<String, Object>of("path", "f" + i, "content", "")).toList();
        assertError(alice.post("/api/files/batch", Map.of("files", tooMany)), 400, "1000");
        assertThat(alice.get("/api/files").json().size()).isZero();
    }

    @Test
    void moveRenamesADirectoryWithEverythingInIt() {
        create("src/a.js", "a");
        create("src/lib/b.js", "b");
        create("src2/c.js", "c");

        TestApi.Response r = alice.patch("/api/files", Map.of("from", "src", "to", "app/source"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("file").get("path").asString()).isEqualTo("app/source");
        assertThat(r.json().get("moved").asInt()).isEqualTo(4);
        assertThat(readContent("app/source/lib/b.js")).isEqualTo("b");
        assertThat(paths(alice.get("/api/files").json())).containsExactly("app", "src2");
        assertError(alice.patch("/api/files", Map.of("from", "app", "to", "src2")), 409, "src2");
        assertError(alice.patch("/api/files", Map.of("from", "app", "to", "app/source/inner")), 400, "into itself");
        assertError(alice.patch("/api/files", Map.of("from", "gone", "to", "x")), 404, "gone");
        assertThat(alice.patch("/api/files", Map.of("from", "src2/c.js", "to", "src2/d.js")).status()).isEqualTo(200);
        assertThat(readContent("src2/d.js")).isEqualTo("c");
    }

    @Test
    void concurrentCreatesOfOnePathGiveExactlyOne201() throws Exception {
        int contenders = 10;
        CountDownLatch start = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(contenders)) {
            List<Future<Integer>> outcomes = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                String content = "writer " + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return alice.post("/api/files", Map.of("path", "race/same.txt", "content", content)).status();
                }));
            }
            start.countDown();
            for (Future<Integer> outcome : outcomes) {
                statuses.add(outcome.get());
            }
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(contenders - 1);
    }

    @Test
    void anotherUserGets404OnEveryRouteAndCannotTouchAnything() {
        create("secret/plan.txt", "mine");
        TestApi bob = anonymous.as(TestUsers.signUp(anonymous).accessToken());

        assertThat(bob.get("/api/files").json().size()).isZero();
        assertError(bob.get("/api/files/content?path=secret/plan.txt"), 404, "secret/plan.txt");
        assertError(bob.post("/api/files/content", Map.of("path", "secret/plan.txt", "content", "pwned")), 404, "secret");
        assertError(bob.delete("/api/files", Map.of("path", "secret")), 404, "secret");
        assertError(bob.delete("/api/files", Map.of("path", "secret/plan.txt")), 404, "secret");
        assertError(bob.patch("/api/files", Map.of("from", "secret", "to", "stolen")), 404, "secret");
        assertError(bob.patch("/api/files", Map.of("from", "secret/plan.txt", "to", "stolen.txt")), 404, "secret");
        assertThat(bob.post("/api/files", Map.of("path", "secret/plan.txt", "content", "bob's own")).status()).isEqualTo(201);
        assertThat(bob.post("/api/files/batch", Map.of("files", List.of(Map.of("path", "secret/other", "content", "b"))))
                .status()).isEqualTo(201);

        assertThat(readContent("secret/plan.txt")).isEqualTo("mine");
        assertThat(paths(alice.get("/api/files").json().get(0).get("children"))).containsExactly("secret/plan.txt");
    }

    @Test
    void theRoutesAreDescribedInTheOpenApiDocument() {
        JsonNode paths = anonymous.get("/api/openapi.json").json().get("paths");

        assertThat(paths.get("/api/files").get("get").get("tags").get(0).asString()).isEqualTo("Files");
        assertThat(fieldNames(paths.get("/api/files"))).contains("get", "post", "delete", "patch");
        assertThat(fieldNames(paths.get("/api/files/content"))).contains("get", "post");
        assertThat(paths.get("/api/files/batch").get("post").get("summary").asString()).contains("all or nothing");
    }

    @Test
    void userIdsInTheBodyAreIgnored() {
        String bobId = TestUsers.signUp(anonymous).id();

        TestApi.Response r = alice.post("/api/files", Map.of("path", "mine.txt", "content", "x", "userID", bobId,
                "user_id", bobId, "teamID", "team"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("file").get("user_id").asString()).isEqualTo(aliceId);
        assertThat(readContent("mine.txt")).isEqualTo("x");
    }

    @Test
    void everyRouteNeedsAuthentication() {
        assertThat(anonymous.get("/api/files").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/files", Map.of("path", "a")).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/files/content?path=a").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/files/content", Map.of("path", "a", "content", "")).status()).isEqualTo(401);
        assertThat(anonymous.post("/api/files/batch", Map.of("files", List.of())).status()).isEqualTo(401);
        assertThat(anonymous.delete("/api/files", Map.of("path", "a")).status()).isEqualTo(401);
        assertThat(anonymous.patch("/api/files", Map.of("from", "a", "to", "b")).status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON|POST|/api/files|{\"path\": \"a\",|Malformed JSON",
            "not JSON at all|POST|/api/files|hello|Malformed JSON",
            "path is a number|POST|/api/files|{\"path\": 123}|path",
            "isDirectory is a string|POST|/api/files|{\"path\": \"a\", \"isDirectory\": \"yes\"}|isDirectory",
            "content is an object|POST|/api/files|{\"path\": \"a\", \"content\": {}}|content",
            "path missing|POST|/api/files|{\"content\": \"x\"}|Field 'path' is required",
            "body is an array|POST|/api/files|[]|wrong",
            "content path missing|POST|/api/files/content|{\"content\": \"x\"}|Field 'path' is required",
            "files not a list|POST|/api/files/batch|{\"files\": \"x\"}|files",
            "files missing|POST|/api/files/batch|{}|Field 'files' is required",
            "entry path missing|POST|/api/files/batch|{\"files\": [{\"content\": \"x\"}]}|files[0].path",
            "entry is null|POST|/api/files/batch|{\"files\": [null]}|files[0]",
            "move target missing|PATCH|/api/files|{\"from\": \"a\"}|Field 'to' is required",
            "move from a number|PATCH|/api/files|{\"from\": 1, \"to\": \"b\"}|from",
            "delete without path|DELETE|/api/files|{}|Field 'path' is required",
    })
    void badRequestsGetAClear400AndChangeNothing(String name, String method, String route, String body, String hint) {
        create("keep/me.txt", "safe");

        assertError(alice.send(method, route, body), 400, hint);

        assertThat(readContent("keep/me.txt")).isEqualTo("safe");
        assertThat(paths(alice.get("/api/files").json())).containsExactly("keep");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "a/../../etc/passwd|no-dot-segments",
            "..|no-dot-segments",
            "a\\\\b|no-backslash",
            "a\\u0000b|no-nul",
            "a\\u0007b|no-control-characters",
            "evil\\u202Etxt.exe|no-invisible-characters",
            "a\\uFF0Fb|no-lookalike-separators",
            "cafe\\u0301|unicode-nfc",
            "a//b|no-empty-segments",
            "/|not-empty",
    })
    void invalidPathsAreRefusedNamingTheRule(String jsonPath, String rule) {
        create("keep/me.txt", "safe");
        String body = "{\"path\": \"" + jsonPath + "\", \"content\": \"x\"}";

        TestApi.Response created = alice.send("POST", "/api/files", body);
        TestApi.Response batch = alice.send("POST", "/api/files/batch", "{\"files\": [" + body + "]}");
        TestApi.Response moved = alice.send("PATCH", "/api/files", "{\"from\": \"keep\", \"to\": \"" + jsonPath + "\"}");

        for (TestApi.Response r : List.of(created, batch, moved)) {
            assertError(r, 400, "rule: " + rule);
            assertThat(r.json().get("code").asString()).isEqualTo("invalid_path");
        }
        assertThat(batch.json().get("message").asString()).contains("files[0].path");
        assertThat(paths(alice.get("/api/files").json())).containsExactly("keep");
    }

    @Test
    void anOverlongPathIsRefused() {
        String overlong = "d/".repeat(512) + "f";
        assertError(alice.post("/api/files", Map.of("path", overlong, "content", "")), 400, "rule: max-length");
        assertError(alice.post("/api/files", Map.of("path", "n".repeat(256), "content", "")), 400, "rule: max-segment-bytes");
        assertThat(alice.get("/api/files").json().size()).isZero();
    }

    private JsonNode create(String path, String content) {
        TestApi.Response r = alice.post("/api/files", Map.of("path", path, "content", content));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("file");
    }

    private String readContent(String path) {
        TestApi.Response r = alice.get("/api/files/content?path=" + path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("content").asString();
    }

    private static void assertError(TestApi.Response r, int status, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode body = r.json();
        assertThat(body.get("error").asBoolean()).isTrue();
        assertThat(body.get("message").asString()).containsIgnoringCase(messagePart);
    }

    private static void assertIsoUtc(String timestamp) {
        assertThat(timestamp).endsWith("Z");
        assertThat(Instant.parse(timestamp)).isBefore(Instant.now().plusSeconds(5));
    }

    private static List<String> paths(JsonNode nodes) {
        List<String> paths = new ArrayList<>();
        nodes.forEach(n -> paths.add(n.get("path").asString()));
        return paths;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

}
