package io.codingit.projects;

import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Projects through the HTTP API, written once and run on H2 ({@link ProjectsH2Test}) and PostgreSQL
 * ({@link ProjectsPostgresTest}); the fake model server (127.0.0.2) writes the fragments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProjectsApiTests {
    final FakeLlmServer upstream = new FakeLlmServer();

    @LocalServerPort
    int port;
    TestApi anonymous;
    ProjectsClient me;

    @BeforeEach
    void signUp() {
        upstream.reset();
        anonymous = new TestApi(port);
        me = new ProjectsClient(anonymous, TestUsers.signUp(anonymous).accessToken(), upstream);
    }

    @AfterAll
    void stopUpstream() {
        upstream.close();
    }

    ProjectsClient someoneElse() {
        return new ProjectsClient(anonymous, TestUsers.signUp(anonymous).accessToken(), upstream);
    }

    @Test
    void aWholeConversationIsStoredAndReadBackInOrderAndTheServerRebuildsTheHistory() {
        String project = me.createProject("Greeter");
        String v1 = ProjectsClient.fragment("Hello", "print('hello')\n");
        ProjectsClient.Turn first = me.say(project, null, "say hello", v1);
        assertThat(first.response().status()).as(first.response().toString()).isEqualTo(200);
        String chat = first.chatId();
        assertThat(first.response().header("X-Project-Id")).isEqualTo(project);
        assertThat(first.done().get("saved").get("version").asInt()).isEqualTo(1);
        assertThat(first.done().get("saved").get("chatId").asString()).isEqualTo(chat);

        String v2 = ProjectsClient.fragment("Hello twice", "print('hello')\nprint('hello')\n");
        // the client sends only its new message: the server adds the stored history
        ProjectsClient.Turn second = me.say(project, chat, "now twice", v2);
        assertThat(second.done().get("saved").get("version").asInt()).isEqualTo(2);
        JsonNode sent = upstream.lastRequest().json().get("messages");
        assertThat(sent).hasSize(4);
        assertThat(sent.get(0).get("role").asString()).isEqualTo("system");
        assertThat(sent.get(1).get("content").toString()).contains("say hello");
        assertThat(sent.get(2).get("role").asString()).isEqualTo("assistant");
        assertThat(TestApi.JSON.readTree(sent.get(2).get("content").asString())).isEqualTo(TestApi.JSON.readTree(v1));
        assertThat(sent.get(3).get("content").toString()).contains("now twice");

        JsonNode messages = me.messages(project, chat);
        assertThat(messages).hasSize(4);
        assertThat(messages.valueStream().map(m -> m.get("role").asString()).toList())
                .containsExactly("user", "assistant", "user", "assistant");
        assertThat(messages.valueStream().map(m -> m.get("seq").asInt()).toList()).containsExactly(1, 2, 3, 4);
        assertThat(messages.get(0).get("content").asString()).isEqualTo("say hello");
        assertThat(messages.get(1).get("version").asInt()).isEqualTo(1);
        assertThat(messages.get(1).get("fragment")).isEqualTo(TestApi.JSON.readTree(v1));
        assertThat(messages.get(1).get("content").asString()).isEqualTo("I write Hello");
        assertThat(messages.get(3).get("fragment").get("code").asString()).isEqualTo("print('hello')\nprint('hello')\n");

        JsonNode versions = me.api.get("/api/projects/" + project + "/versions").json();
        assertThat(versions.get("current").asInt()).isEqualTo(2);
        assertThat(versions.get("versions").valueStream().map(v -> v.get("number").asInt()).toList()).containsExactly(2, 1);
        JsonNode projectView = me.api.get("/api/projects/" + project).json();
        assertThat(projectView.get("chats").get(0).get("title").asString()).isEqualTo("say hello");
        assertThat(projectView.get("chats").get(0).get("messageCount").asInt()).isEqualTo(4);
    }

    @Test
    void theRebuiltHistoryIsBoundedByTheContextWindow() {
        String project = me.createProject("Long chat");
        String chat = null;
        for (int turn = 0; turn < 22; turn++) {
            ProjectsClient.Turn t = me.say(project, chat, "turn " + turn, ProjectsClient.fragment("T" + turn, "print(" + turn + ")\n"));
            chat = t.chatId();
        }
        // 44 stored messages; the model got the system prompt, the last 40 of the 42 before the new one, and the new one
        JsonNode sent = upstream.lastRequest().json().get("messages");
        assertThat(sent).hasSize(1 + 40 + 1);
        assertThat(sent.get(1).get("role").asString()).isEqualTo("user");
        assertThat(sent.get(1).get("content").toString()).contains("turn 1").doesNotContain("turn 10");
        assertThat(sent.toString()).doesNotContain("\"turn 0\"").contains("turn 21");
        assertThat(me.messages(project, chat)).hasSize(44);
    }

    @Test
    void attachmentsAreStoredByReferenceAndReachTheModel() {
        String project = me.createProject("Attachments");
        me.api.post("/api/files", Map.of("path", "notes/spec.txt", "isDirectory", false, "content", "the spec says 42"));
        byte[] png = png(1);
        String dataUrl = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png);
        Map<String, Object> body = me.chatBody(project, null, "ignored");
        body.put("messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "build what the spec says"), Map.of("type", "image", "image", dataUrl)))));
        body.put("attachments", List.of("notes/spec.txt"));
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces(ProjectsClient.fragment("Spec", "print(42)\n"), 9))));
        TestApi.Response r = me.api.withHeader("Accept", "text/event-stream").post("/api/chat", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(upstream.lastRequest().body()).contains("the spec says 42", "build what the spec says");

        JsonNode first = awaitMessages(project, r.header("X-Chat-Id"), 2).get(0);
        assertThat(first.get("content").asString()).isEqualTo("build what the spec says");
        JsonNode attachments = first.get("attachments");
        assertThat(attachments.get(0).get("sha256").asString()).isEqualTo(sha256(png));
        assertThat(attachments.get(1).get("type").asString()).isEqualTo("file");
        assertThat(attachments.get(1).get("path").asString()).isEqualTo("notes/spec.txt");
        assertThat(attachments.toString()).doesNotContain("base64").doesNotContain("the spec says");
        assertThat(me.getBytes(attachments.get(0).get("url").asString(), true).body()).isEqualTo(png);

        // a missing file or a path out of the workspace is refused before anything is stored
        body.put("attachments", List.of("notes/missing.txt"));
        assertThat(me.api.post("/api/chat", body).status()).isEqualTo(404);
        body.put("attachments", List.of("../etc/passwd"));
        assertThat(me.api.post("/api/chat", body).status()).isEqualTo(400);
        assertThat(me.api.get("/api/projects/" + project + "/chats").json().get("chats")).hasSize(1);
    }

    @Test
    void aClientThatDisconnectsMidStreamStillGetsTheFinishedFragmentStored() throws Exception {
        String project = me.createProject("Disconnect");
        String chat = me.api.post("/api/projects/" + project + "/chats", Map.of("title", "walk away")).json().get("id").asString();
        String fragment = ProjectsClient.fragment("Long", "for i in range(3):\n    print(i)\n");
        List<String> chunks = Wire.openAi(Wire.pieces(fragment, 9));
        Reply reply = upstream.enqueue(Reply.of(200, "text/event-stream", chunks).pauseBefore(chunks.size() / 2));

        try (Socket socket = me.openRaw(me.chatBody(project, chat, "count to three"))) {
            InputStream in = socket.getInputStream();
            String seen = io.codingit.chat.ChatClient.readUntil(in, "event: delta");
            assertThat(seen).startsWith("HTTP/1.1 200");
        }
        // the client is gone; only now does the model finish
        reply.proceed();

        JsonNode messages = awaitMessages(project, chat, 2);
        assertThat(messages.get(0).get("content").asString()).isEqualTo("count to three");
        assertThat(messages.get(1).get("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(1).get("fragment")).isEqualTo(TestApi.JSON.readTree(fragment));
        assertThat(reply.chunksWritten()).isEqualTo(chunks.size());
    }

    @Test
    void aFailedGenerationKeepsTheMessageMarkedFailedAndLeavesItOutOfTheNextContext() {
        String project = me.createProject("Failing");
        upstream.enqueue(Reply.json(500, "{\"error\":{\"message\":\"boom\"}}"));
        TestApi.Response failed = me.api.withHeader("Accept", "text/event-stream").post("/api/chat",
                me.chatBody(project, null, "this one fails"));
        assertThat(failed.status()).isEqualTo(500);
        String chat = failed.header("X-Chat-Id");
        JsonNode messages = awaitMessages(project, chat, 1);
        awaitStatus(project, chat, "failed");

        me.say(project, chat, "try again", ProjectsClient.fragment("Ok", "print(1)\n"));
        JsonNode sent = upstream.lastRequest().json().get("messages");
        assertThat(sent.toString()).doesNotContain("this one fails").contains("try again");
        assertThat(me.messages(project, chat)).hasSize(3);
        assertThat(messages.get(0).get("content").asString()).isEqualTo("this one fails");
    }

    @Test
    void restoreCopiesAnOlderVersionAndDiffComparesAnyTwo() {
        String project = me.createProject("Versions");
        String chat = me.say(project, null, "v1", ProjectsClient.fragment("A", "x = 1\nprint(x)\n")).chatId();
        me.say(project, chat, "v2", ProjectsClient.fragment("B", "x = 2\nprint(x)\nprint('two')\n"));

        JsonNode diff = me.api.get("/api/projects/" + project + "/diff?from=1&to=2").json();
        assertThat(diff.get("unified").asString()).contains("--- a/script.py", "+++ b/script.py", "-x = 1", "+x = 2",
                "+print('two')");
        assertThat(diff.get("added").asInt()).isEqualTo(2);
        assertThat(diff.get("removed").asInt()).isEqualTo(1);

        TestApi.Response restored = me.api.post("/api/projects/" + project + "/versions/1/restore", null);
        assertThat(restored.status()).isEqualTo(201);
        assertThat(restored.json().get("number").asInt()).isEqualTo(3);
        assertThat(restored.json().get("restoredFrom").asInt()).isEqualTo(1);
        assertThat(me.api.get("/api/projects/" + project).json().get("currentVersion").asInt()).isEqualTo(3);
        JsonNode v3 = me.api.get("/api/projects/" + project + "/versions/3").json();
        assertThat(v3.get("fragment").get("code").asString()).isEqualTo("x = 1\nprint(x)\n");
        assertThat(me.api.get("/api/projects/" + project + "/diff?from=1&to=3").json().get("unified").asString()).isEmpty();
        // the next turn builds on the restored code
        me.say(project, chat, "v4", ProjectsClient.fragment("D", "x = 4\n"));
        assertThat(upstream.lastRequest().body()).contains("x = 2");
        assertThat(me.api.get("/api/projects/" + project + "/versions").json().get("current").asInt()).isEqualTo(4);
    }

    @Test
    void aShareLinkWorksAnonymouslyStopsWhenRevokedAndShowsNothingElse() throws Exception {
        byte[] png = png(7);
        String project = importProjectWithResult(me, "Private name 7c1e", png);
        String other = importProjectWithResult(me, "Other project", png(9));
        byte[] otherPng = png(9);

        TestApi.Response created = me.api.post("/api/projects/" + project + "/shares", Map.of("version", 1));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String shareId = created.json().get("id").asString();
        assertThat(shareId).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.json().get("path").asString()).isEqualTo("/#/shared/" + shareId);

        TestApi.Response shared = anonymous.get("/api/shared/" + shareId);
        assertThat(shared.status()).isEqualTo(200);
        JsonNode view = shared.json();
        assertThat(view.get("code").asString()).isEqualTo("print('v1')\n");
        assertThat(view.get("result").get("stdout").asString()).isEqualTo("one\n");
        String imageUrl = view.get("result").get("cellResults").get(0).get("urls").get("png").asString();
        assertThat(imageUrl).isEqualTo("/api/shared/" + shareId + "/blobs/" + sha256(png));
        HttpResponse<byte[]> image = me.getBytes(imageUrl, false);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(png);
        assertThat(image.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/png");
        assertThat(image.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox");
        // nothing else: not the project's name, other versions, the chat, the owner, the sandbox, ids
        assertThat(shared.body()).doesNotContain("Private name", "print('v2')", "first prompt", project,
                "sandboxId", "@example.test");
        // an image of another project (or any other hash) is not reachable through this link
        assertThat(me.getBytes("/api/shared/" + shareId + "/blobs/" + sha256(otherPng), false).statusCode()).isEqualTo(404);
        assertThat(anonymous.get("/api/shared/" + shareId.substring(1) + "A").status()).isEqualTo(404);
        assertThat(anonymous.get("/api/shared/..%2F" + project).status()).isIn(400, 404);
        assertThat(other).isNotEqualTo(project);

        assertThat(me.api.get("/api/projects/" + project + "/shares").json().get("shares").get(0).get("active").asBoolean()).isTrue();
        assertThat(me.api.delete("/api/projects/" + project + "/shares/" + shareId).status()).isEqualTo(204);
        assertThat(anonymous.get("/api/shared/" + shareId).status()).isEqualTo(404);
        assertThat(me.getBytes(imageUrl, false).statusCode()).isEqualTo(404);
        assertThat(me.api.get("/api/projects/" + project + "/shares").json().get("shares").get(0).get("active").asBoolean()).isFalse();
    }

    @Test
    void exportImportAndExportAgainGivesTheSameZipContents() {
        String project = importProjectWithResult(me, "Round trip", png(3));
        me.say(project, null, "a new chat with ünïcödé", ProjectsClient.fragment("Third", "print('v3')\n"));
        me.api.post("/api/projects/" + project + "/versions/1/restore", null);

        HttpResponse<byte[]> first = me.getBytes("/api/projects/" + project + "/export", true);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/zip");
        SortedMap<String, String> contents = ProjectsClient.unzip(first.body());
        assertThat(contents).containsKeys(".codingit/project.json", "script.py", ".codingit/blobs/" + sha256(png(3)));

        TestApi.Response imported = me.importZip(first.body());
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        String copy = imported.json().get("id").asString();
        assertThat(copy).isNotEqualTo(project);
        HttpResponse<byte[]> second = me.getBytes("/api/projects/" + copy + "/export", true);
        assertThat(ProjectsClient.unzip(second.body())).isEqualTo(contents);
        assertThat(second.body()).isEqualTo(first.body());
        JsonNode copyView = me.api.get("/api/projects/" + copy).json();
        assertThat(copyView.get("currentVersion").asInt()).isEqualTo(4);
        assertThat(copyView.get("chats")).hasSize(2);
    }

    @Test
    void anImportedFileThatWasEditedBecomesTheNewestVersion() {
        String project = importProjectWithResult(me, "Edited", png(4));
        SortedMap<String, byte[]> files = new java.util.TreeMap<>();
        ProjectsClient.unzip(me.getBytes("/api/projects/" + project + "/export", true).body())
                .forEach((k, v) -> files.put(k, HexFormat.of().parseHex(v)));
        files.put("script.py", "print('edited by hand')\n".getBytes(StandardCharsets.UTF_8));
        TestApi.Response imported = me.importZip(ProjectsClient.zip(files));
        assertThat(imported.status()).isEqualTo(201);
        JsonNode v = me.api.get("/api/projects/" + imported.json().get("id").asString() + "/versions").json();
        assertThat(v.get("current").asInt()).isEqualTo(3);
        assertThat(v.get("versions").get(0).get("source").asString()).isEqualTo("import");
    }

    @Test
    void aZipBombOrAZipSlipIsRefusedWithNothingStored() {
        int before = me.api.get("/api/projects").json().get("projects").size();
        // 80 MB of zeros packs into ~80 KB
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put(".codingit/project.json", "{}".getBytes(StandardCharsets.UTF_8));
        bomb.put("zeros.bin", new byte[80 * 1024 * 1024]);
        TestApi.Response r = me.importZip(ProjectsClient.zip(bomb));
        assertThat(r.status()).as(r.toString()).isEqualTo(413);
        assertThat(r.json().get("code").asString()).isEqualTo("import_too_large");

        for (String evil : List.of("../evil.py", "/etc/cron.d/evil", "a/../../evil.py", "C:\\evil.py", "dir\\..\\evil.py",
                "a/\u0000b.py")) {
            Map<String, byte[]> slip = validArchive("Slip", png(5));
            slip.put(evil, "print('pwned')".getBytes(StandardCharsets.UTF_8));
            TestApi.Response refused = me.importZip(ProjectsClient.zip(slip));
            assertThat(refused.status()).as(evil + ": " + refused).isEqualTo(400);
            assertThat(refused.json().get("code").asString()).as(evil).isEqualTo("invalid_archive_path");
        }
        // an image whose bytes do not hash to its name, a dangling reference, not a zip at all
        Map<String, byte[]> lying = validArchive("Lying", png(6));
        lying.put(".codingit/blobs/" + sha256(png(6)), "not the image".getBytes(StandardCharsets.UTF_8));
        assertThat(me.importZip(ProjectsClient.zip(lying)).status()).isEqualTo(400);
        assertThat(me.importZip("this is not a zip".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(me.api.get("/api/projects").json().get("projects").size()).isEqualTo(before);
    }

    @Test
    void anotherUserGets404OnEveryRouteAndEveryId() throws Exception {
        String project = importProjectWithResult(me, "Mine", png(8));
        String chat = me.say(project, null, "mine", ProjectsClient.fragment("Mine", "print(0)\n")).chatId();
        String share = me.api.post("/api/projects/" + project + "/shares", Map.of()).json().get("id").asString();
        String base = "/api/projects/" + project;
        ProjectsClient them = someoneElse();
        Map<String, Object> body = Map.of("name", "x", "title", "x", "version", 1, "folder", "f", "repository", "r");
        List<String[]> routes = List.of(
                new String[]{"GET", base}, new String[]{"PATCH", base}, new String[]{"DELETE", base},
                new String[]{"GET", base + "/chats"}, new String[]{"POST", base + "/chats"},
                new String[]{"PATCH", base + "/chats/" + chat}, new String[]{"DELETE", base + "/chats/" + chat},
                new String[]{"GET", base + "/chats/" + chat + "/messages"},
                new String[]{"GET", base + "/versions"}, new String[]{"GET", base + "/versions/1"},
                new String[]{"GET", base + "/diff?from=1&to=2"}, new String[]{"POST", base + "/versions/1/restore"},
                new String[]{"POST", base + "/versions/1/run"}, new String[]{"GET", base + "/blobs/" + sha256(png(8))},
                new String[]{"POST", base + "/shares"}, new String[]{"GET", base + "/shares"},
                new String[]{"DELETE", base + "/shares/" + share}, new String[]{"GET", base + "/export"},
                new String[]{"POST", base + "/workspace"}, new String[]{"POST", base + "/github"});
        for (String[] route : routes) {
            TestApi.Response r = them.api.send(route[0], route[1], route[0].equals("GET") || route[0].equals("DELETE") ? null : body);
            assertThat(r.status()).as(route[0] + " " + route[1] + ": " + r).isEqualTo(404);
            assertThat(r.body()).doesNotContain("Mine");
        }
        // and through the chat: their message never lands in my chat
        TestApi.Response chatAsThem = them.api.post("/api/chat", them.chatBody(project, chat, "intrude"));
        assertThat(chatAsThem.status()).isEqualTo(404);
        assertThat(them.api.get("/api/projects").json().get("projects")).isEmpty();
        // nothing of mine changed
        assertThat(me.messages(project, chat)).hasSize(2);
        assertThat(me.api.get(base).json().get("name").asString()).isEqualTo("Mine");
        assertThat(anonymous.get("/api/shared/" + share).status()).isEqualTo(200);
    }

    @Test
    void badInputGetsAClear4xxAndStoresNothing() {
        String project = me.createProject("Good name");
        String otherProject = me.createProject("Other");
        String otherChat = me.say(otherProject, null, "x", ProjectsClient.fragment("X", "print(1)\n")).chatId();

        // unknown ids, a chat of another project
        String unknown = "00000000-0000-4000-8000-000000000000";
        assertThat(me.api.get("/api/projects/" + unknown).status()).isEqualTo(404);
        assertThat(me.api.get("/api/projects/not-a-uuid").status()).isEqualTo(404);
        assertThat(me.api.get("/api/projects/" + project + "/chats/" + otherChat + "/messages").status()).isEqualTo(404);
        TestApi.Response crossChat = me.api.post("/api/chat", me.chatBody(project, otherChat, "hi"));
        assertThat(crossChat.status()).isEqualTo(404);
        assertThat(me.api.post("/api/chat", me.chatBody(unknown, null, "hi")).status()).isEqualTo(404);
        assertThat(me.api.get("/api/projects/" + project + "/versions/99").status()).isEqualTo(404);
        assertThat(me.api.get("/api/projects/" + project + "/versions/abc").status()).isEqualTo(400);
        Map<String, Object> chatOnly = me.chatBody(null, otherChat, "hi");
        assertThat(me.api.post("/api/chat", chatOnly).status()).isEqualTo(400);

        // a huge message
        TestApi.Response huge = me.api.post("/api/chat", me.chatBody(project, null, "x".repeat(100_001)));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("code").asString()).isEqualTo("message_too_large");

        // names: 10,000 characters, control characters, bidi overrides, blank, broken UTF-16
        for (String name : List.of("n".repeat(10_000), "line\nbreak", "nul\u0000", "esc\u001b[31mred", "evil\u202Etxt.exe",
                "   ")) {
            TestApi.Response r = me.api.post("/api/projects", Map.of("name", name, "template", "code-interpreter-v1"));
            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(r.json().get("error").asBoolean()).isTrue();
            assertThat(me.api.patch("/api/projects/" + project, Map.of("name", name)).status()).as(name).isEqualTo(400);
        }
        // a lone surrogate, as a JSON escape (raw, it would not even be UTF-8)
        assertThat(me.api.post("/api/projects", "{\"name\":\"half \\ud800 surrogate\",\"template\":\"code-interpreter-v1\"}")
                .status()).isEqualTo(400);
        assertThat(me.api.post("/api/projects", Map.of("name", "ok", "template", "no-such-template")).status()).isEqualTo(400);
        assertThat(me.api.post("/api/projects", "{not json").status()).isEqualTo(400);
        assertThat(me.api.get("/api/projects?limit=0").status()).isEqualTo(400);
        assertThat(me.api.get("/api/projects?cursor=%25%25%25").status()).isEqualTo(400);
        assertThat(me.api.get("/api/projects/" + project).json().get("name").asString()).isEqualTo("Good name");
        assertThat(me.api.get("/api/projects?q=" + "%25").json().get("projects")).isEmpty();
    }

    @Test
    void theListIsPagedMostRecentFirstAndSearchesNames() {
        ProjectsClient fresh = someoneElse();
        for (int i = 0; i < 5; i++) {
            fresh.createProject("Alpha " + i);
        }
        fresh.createProject("Beta_1");
        JsonNode page1 = fresh.api.get("/api/projects?limit=4").json();
        assertThat(page1.get("projects")).hasSize(4);
        assertThat(page1.get("projects").get(0).get("name").asString()).isEqualTo("Beta_1");
        JsonNode page2 = fresh.api.get("/api/projects?limit=4&cursor=" + page1.get("nextCursor").asString()).json();
        assertThat(page2.get("projects")).hasSize(2);
        assertThat(page2.get("nextCursor").isNull()).isTrue();
        assertThat(fresh.api.get("/api/projects?q=alpha").json().get("projects")).hasSize(5);
        // '_' and '%' are searched as themselves, not as LIKE wildcards ("Alpha 1" does not match "a_1")
        assertThat(fresh.api.get("/api/projects?q=A_1").json().get("projects")).hasSize(1);
        assertThat(fresh.api.get("/api/projects?q=x_1").json().get("projects")).isEmpty();
        assertThat(fresh.api.get("/api/projects?q=beta_").json().get("projects")).hasSize(1);
    }

    // ---- fixtures ----

    JsonNode awaitMessages(String project, String chat, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            JsonNode messages = me.messages(project, chat);
            if (messages.size() >= count || Instant.now().isAfter(deadline)) {
                assertThat(messages).as("messages of chat " + chat).hasSize(count);
                return messages;
            }
            Thread.onSpinWait();
        }
    }

    void awaitStatus(String project, String chat, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!me.messages(project, chat).get(0).get("status").asString().equals(status)) {
            assertThat(Instant.now()).as("message status " + status).isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    /** An archive as an export writes it: two versions, one chat, a result of version 1 with an image. */
    static Map<String, byte[]> validArchive(String name, byte[] png) {
        String sha = sha256(png);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "codingit-project");
        doc.put("formatVersion", 1);
        doc.put("name", name);
        doc.put("template", "code-interpreter-v1");
        doc.put("currentVersion", 2);
        doc.put("createdAt", "2025-03-01T10:00:00Z");
        doc.put("versions", List.of(
                Map.of("number", 1, "chat", 0, "source", "chat", "createdAt", "2025-03-01T10:00:02Z",
                        "fragment", TestApi.JSON.readTree(ProjectsClient.fragment("One", "print('v1')\n"))),
                Map.of("number", 2, "chat", 0, "source", "chat", "createdAt", "2025-03-01T10:00:04Z",
                        "fragment", TestApi.JSON.readTree(ProjectsClient.fragment("Two", "print('v2')\n")))));
        doc.put("chats", List.of(Map.of("title", "first chat", "createdAt", "2025-03-01T10:00:00Z", "messages", List.of(
                Map.of("seq", 1, "role", "user", "status", "sent", "content", "first prompt", "createdAt", "2025-03-01T10:00:01Z"),
                Map.of("seq", 2, "role", "assistant", "status", "done", "content", "I write One", "version", 1,
                        "createdAt", "2025-03-01T10:00:02Z"),
                Map.of("seq", 3, "role", "user", "status", "sent", "content", "second prompt", "createdAt", "2025-03-01T10:00:03Z"),
                Map.of("seq", 4, "role", "assistant", "status", "done", "content", "I write Two", "version", 2,
                        "createdAt", "2025-03-01T10:00:04Z")))));
        doc.put("results", List.of(Map.of("version", 1, "template", "code-interpreter-v1", "stdout", "one\n", "stderr", "",
                "cellResults", List.of(Map.of("text", "<Figure>", "isMainResult", false, "blobs", Map.of("png", sha))),
                "createdAt", "2025-03-01T10:00:05Z")));
        doc.put("blobs", List.of(Map.of("sha256", sha, "mediaType", "image/png")));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(".codingit/project.json", TestApi.JSON.writeValueAsBytes(doc));
        files.put(".codingit/blobs/" + sha, png);
        files.put("script.py", "print('v2')\n".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static String importProjectWithResult(ProjectsClient client, String name, byte[] png) {
        TestApi.Response r = client.importZip(ProjectsClient.zip(validArchive(name, png)));
        if (r.status() != 201) {
            throw new IllegalStateException("import: " + r);
        }
        return r.json().get("id").asString();
    }

    static byte[] png(int seed) {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(seed % 4, 0, 0xFF0000 + seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
