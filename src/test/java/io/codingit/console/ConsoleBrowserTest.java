package io.codingit.console;

import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.Browser;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire;
import io.codingit.support.IntegrationTest;
import io.codingit.support.Prerequisites;
import io.codingit.support.TemplatePreparation;
import io.codingit.support.TestApi;
import io.codingit.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real headless Chromium against the real server: the fake LLM upstream
 * (127.0.0.2, allow-listed as in the chat tests) writes the fragment, real sandboxes run it.
 * Each test signs up its own account through the console. Screenshots of the main screens go to
 * target/screenshots/ (a current set is committed under docs/screenshots/).
 */
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.llm.allowed-base-url-hosts=127.0.0.2",
        // signups come from one address; every other budget is the default (an hour of use must fit)
        "codingit.rate-limit.auth.capacity=1000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Browser.Required.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsoleBrowserTest {
    static final String PASSWORD = "correct horse battery staple 42";
    static final String CODE = """
            import matplotlib.pyplot as plt
            xs = list(range(10))
            plt.plot(xs, [x * x for x in xs], color="tab:blue")
            plt.title("squares")
            plt.show()
            print("plotted", len(xs), "points")
            """;

    static final FakeLlmServer upstream = new FakeLlmServer();

    /** The task agent's model is the same fake upstream, with a server-side key. */
    @DynamicPropertySource
    static void taskAgentModel(DynamicPropertyRegistry registry) {
        registry.add("codingit.llm.base-urls.openai", upstream::baseUrl);
        registry.add("codingit.tasks.default-model", () -> "openai:gpt-test");
        registry.add("OPENAI_API_KEY", () -> "sk-test-console-tasks-0123456789");
        // no Ollama runs here, as on most servers: the console must not preselect it
        registry.add("codingit.llm.base-urls.ollama", () -> "http://localhost:" + TestRedis.closedPort());
    }
    Browser browser;

    /** On a failure, a screenshot of what the browser showed: target/screenshots/failed-{test}.png. */
    @RegisterExtension
    final TestWatcher screenshotOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            try {
                if (browser != null) {
                    browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
                }
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    };

    @LocalServerPort
    int port;

    @Autowired
    SandboxProvider sandboxes;

    @BeforeAll
    void startBrowser() throws IOException {
        if (Browser.unavailableReason() == null) {
            browser = new Browser(1440, 900);
        }
    }

    @AfterAll
    void stop() throws IOException {
        upstream.close();
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshSession() {
        upstream.reset();
        // sign the previous test's account out: the refresh cookie (Path /api/auth) is not visible to
        // WebDriver's cookie deletion on a page at /
        browser.open(base());
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[0]; fetch('/api/auth/logout', {method: 'POST'}).finally(() => done(true));");
        browser.driver().manage().deleteAllCookies();
        // the chat keeps the model, key and base URL for the tab: each test starts from empty fields
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "sessionStorage.clear(); localStorage.removeItem('codingit-model');");
    }

    String base() {
        return "http://localhost:" + port + "/";
    }

    /** Signs up a new account through the console; returns its email. */
    String signUp(String screenshot) throws IOException {
        browser.open(base());
        browser.await("#auth-switch").click();
        String email = "console-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        browser.find("#email").sendKeys(email);
        browser.find("#password").sendKeys(PASSWORD);
        if (screenshot != null) {
            browser.screenshot(screenshot);
        }
        browser.find("#auth-submit").click();
        assertThat(browser.await("#who").getText()).isEqualTo(email);
        return email;
    }

    /** Picks the fake model (own key, its base URL) and the template in the Chat screen, and sends the prompt. */
    void askTheFakeModel(String template, String prompt) {
        // the model list arrives after the page: wait for the option, not only the select
        browser.until(Duration.ofSeconds(20), "the fake model in the model list",
                d -> !d.findElements(By.cssSelector("#model option[value='openai:gpt-4o-mini']")).isEmpty());
        new Select(browser.find("#model")).selectByValue("openai:gpt-4o-mini");
        browser.find("details summary").click();
        browser.find("#api-key").sendKeys("sk-console-test");
        browser.find("#base-url").sendKeys(upstream.baseUrl());
        new Select(browser.find("#template")).selectByValue(template);
        browser.find("#prompt").sendKeys(prompt);
        browser.find("#send").click();
    }

    /** A fragment object as the model writes it (the fields of the contract's schema). */
    static Map<String, Object> fragment(String template, String title, String description, String commentary,
                                        String filePath, String code) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("commentary", commentary);
        object.put("template", template);
        object.put("title", title);
        object.put("description", description);
        object.put("additional_dependencies", List.of());
        object.put("has_additional_dependencies", false);
        object.put("install_dependencies_command", "");
        object.put("file_path", filePath);
        object.put("code", code);
        return object;
    }

    /** The API as the account the console signed up (a second session of the same user). */
    TestApi apiAs(String email) {
        TestApi anonymous = new TestApi(port);
        return anonymous.as(anonymous.post("/api/auth/login", Map.of("email", email, "password", PASSWORD))
                .json().get("accessToken").asString());
    }

    void requireSandboxes() {
        Prerequisites.require(sandboxes.status().available(),
                "sandboxes unavailable on this host: " + sandboxes.status().unavailableReason(),
                Prerequisites.SANDBOX_PACKAGES);
    }

    @Test
    void promptStreamsTheFragmentLiveThenRunningItShowsTheMatplotlibChart() throws Exception {
        requireSandboxes();
        signUp("01-sign-up");

        Map<String, Object> object = fragment("code-interpreter-v1", "Squares chart", "A line chart of x squared.",
                "I plot the squares of 0 to 9 with matplotlib.", "script.py", CODE);
        String fragment = TestApi.JSON.writeValueAsString(object);
        List<String> chunks = Wire.openAi(Wire.pieces(fragment, 12));
        // hold back everything from the middle of the code on: the console must show the code written
        // so far before the model has finished
        int held = fragment.indexOf("plt.title") / 12;
        Reply reply = upstream.enqueue(Reply.of(200, "text/event-stream", chunks).pauseBefore(held));

        askTheFakeModel("code-interpreter-v1", "plot the squares of 0 to 9");

        WebElement streaming = browser.await("#code-stream");
        browser.until(Duration.ofSeconds(20), "the first part of the code streams in",
                d -> streaming.getText().contains("import matplotlib.pyplot as plt"));
        assertThat(streaming.getText()).doesNotContain("print(\"plotted\"");
        assertThat(browser.driver().findElements(By.cssSelector("#code-editor"))).isEmpty();
        browser.screenshot("02-chat-streaming");
        reply.proceed();

        browser.await("#code-editor");
        assertThat(browser.find("#code-editor .cm-content").getText()).contains("print(\"plotted\", len(xs), \"points\")");
        assertThat(browser.find("#commentary").getText()).contains("squares of 0 to 9");
        assertThat(browser.find("#fragment-panel h2").getText()).isEqualTo("Squares chart");
        assertThat(upstream.lastRequest().header("Authorization")).isEqualTo("Bearer sk-console-test");

        browser.find("#run").click();
        WebElement chart = browser.await("#results img.chart", Duration.ofSeconds(90));
        assertThat(chart.getAttribute("src")).startsWith("data:image/png;base64,");
        browser.until(Duration.ofSeconds(10), "the chart decodes as an image",
                d -> ((Number) browser.script("return arguments[0].complete ? arguments[0].naturalWidth : 0", chart)).intValue() > 100);
        assertThat(browser.find("#stdout").getText()).contains("plotted 10 points");
        browser.screenshot("03-chat-result-chart");

        // a change through morph-chat: the model answers with a whole new file, the console shows the diff
        String edited = CODE.replace("tab:blue", "tab:red");
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces(TestApi.JSON.writeValueAsString(Map.of(
                "commentary", "The line is red now.", "instruction", "I change the colour.", "edit", edited,
                "file_path", "script.py")), 20))));
        browser.find("#change").sendKeys("make the line red");
        browser.find("#morph").click();
        WebElement diff = browser.await("#diff");
        assertThat(diff.findElement(By.cssSelector(".add")).getText()).contains("tab:red");
        assertThat(diff.findElement(By.cssSelector(".del")).getText()).contains("tab:blue");
        browser.until(Duration.ofSeconds(10), "the editor holds the changed code",
                d -> browser.find("#code-editor .cm-content").getText().contains("tab:red"));
        browser.screenshot("04-chat-morph-diff");
    }

    @Test
    void aProjectReopensInAFreshBrowserSessionWithTheSameChatAndResultAndSharesReadOnly() throws Exception {
        requireSandboxes();
        String email = signUp(null);
        browser.find("#nav-projects").click();
        browser.await("#project-name").sendKeys("Squares project");
        browser.find("#project-create").click();
        browser.await("#new-chat").click();
        browser.await("#project-bar");

        String fragment = TestApi.JSON.writeValueAsString(fragment("code-interpreter-v1", "Squares chart",
                "A line chart of x squared.", "I plot the squares of 0 to 9 with matplotlib.", "script.py", CODE));
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces(fragment, 40))));
        askTheFakeModel("code-interpreter-v1", "plot the squares of 0 to 9");
        browser.await("#code-editor");
        browser.until(Duration.ofSeconds(10), "the stored version shows in the project bar",
                d -> browser.find("#project-bar").getText().contains("v1"));
        browser.find("#run").click();
        WebElement chart = browser.await("#results img.chart", Duration.ofSeconds(90));
        assertThat(chart.getAttribute("src")).contains("/api/projects/").contains("/blobs/");
        assertThat(browser.find("#stdout").getText()).contains("plotted 10 points");
        // the version ran in the chat's sandbox, and running it again reuses that sandbox (one sandbox per chat)
        String sandbox = chatSandbox();
        assertThat(sandbox).isNotBlank();
        browser.find("#run").click();
        browser.until(Duration.ofSeconds(90), "the second run is stored", d -> !d.findElements(By.cssSelector("#results img.chart")).isEmpty()
                && browser.find("#run").isEnabled() && d.findElements(By.cssSelector("#result-panel .busy")).isEmpty());
        assertThat(chatSandbox()).isEqualTo(sandbox);
        assertThat(apiAs(email).get("/api/sandbox").json().get("sandboxes").size()).isEqualTo(1);

        // a fresh browser: no cookies, no tab storage; sign in and find the same chat and result
        try (Browser fresh = new Browser(1440, 900)) {
            fresh.open(base());
            fresh.await("#email").sendKeys(email);
            fresh.find("#password").sendKeys(PASSWORD);
            fresh.find("#auth-submit").click();
            fresh.await("#nav-projects").click();
            fresh.await("a.project-link").click();
            fresh.until(Duration.ofSeconds(10), "the chat's messages", d -> fresh.find("#project-messages").getText()
                    .contains("plot the squares of 0 to 9"));
            assertThat(fresh.find("#project-messages").getText()).contains("I plot the squares of 0 to 9 with matplotlib.");
            assertThat(new Select(fresh.find("#version-picker")).getFirstSelectedOption().getText()).startsWith("v1").contains("(current)");
            assertThat(fresh.await("#version-code").getText()).contains("print(\"plotted\", len(xs), \"points\")");
            WebElement stored = fresh.await("#results img.chart", Duration.ofSeconds(20));
            fresh.until(Duration.ofSeconds(10), "the stored chart decodes",
                    d -> ((Number) fresh.script("return arguments[0].complete ? arguments[0].naturalWidth : 0", stored)).intValue() > 100);
            assertThat(fresh.find("#stdout").getText()).contains("plotted 10 points");
            fresh.screenshot("13-project-reopened");

            // the chat continues where it was
            fresh.find("#continue-chat").click();
            fresh.until(Duration.ofSeconds(20), "the chat screen reopens the conversation and its result", d ->
                    fresh.find("#chat-panel").getText().contains("plot the squares of 0 to 9")
                            && !d.findElements(By.cssSelector("#results img.chart")).isEmpty());
            assertThat(fresh.find("#fragment-panel h2").getText()).isEqualTo("Squares chart");

            // share the version: an anonymous reader sees code and chart, read-only
            fresh.find("#nav-projects").click();
            fresh.await("a.project-link").click();
            fresh.await("#version-share").click();
            String link = fresh.await("a.share-link").getAttribute("href");
            try (Browser reader = new Browser(1280, 900)) {
                reader.open(link);
                assertThat(reader.await("#shared-code").getText()).contains("plt.title(\"squares\")");
                WebElement sharedChart = reader.await("#shared-result img.chart", Duration.ofSeconds(20));
                assertThat(sharedChart.getAttribute("src")).contains("/api/shared/");
                reader.until(Duration.ofSeconds(10), "the shared chart decodes",
                        d -> ((Number) reader.script("return arguments[0].complete ? arguments[0].naturalWidth : 0", sharedChart)).intValue() > 100);
                assertThat(reader.driver().findElements(By.cssSelector("#who"))).isEmpty();
                reader.screenshot("14-shared-fragment");

                fresh.find("#shares .revoke").click();
                fresh.until(Duration.ofSeconds(10), "the link is revoked", d -> d.findElements(By.cssSelector("a.share-link")).isEmpty());
                reader.driver().navigate().refresh();
                assertThat(reader.await("#shared-error").getText()).contains("revoked");
            }
        }
    }

    @Test
    void aNextJsFragmentShowsInThePreviewFrame() throws Exception {
        requireSandboxes();
        String email = signUp(null);
        TestApi api = apiAs(email);
        // the first need of the template prepares it (npm ci, cached per machine): wait for that through the API
        TestApi.Response warmUp = TemplatePreparation.createWhenPrepared(api, "nextjs-developer",
                "export default function Home() {\n  return <p>warm-up</p>;\n}\n");
        Prerequisites.require(warmUp.status() == 200, "nextjs-developer cannot run here: " + warmUp,
                Prerequisites.NODE_PACKAGES);
        api.delete("/api/sandbox/" + warmUp.json().get("sbxId").asString());

        Map<String, Object> object = fragment("nextjs-developer", "Greeting page", "One heading.",
                "A page that greets the console.", "pages/index.tsx",
                "export default function Home() {\n  return <main><h1>console-preview-ok</h1></main>;\n}\n");
        object.put("port", 3000);
        upstream.enqueue(Reply.of(200, "text/event-stream",
                Wire.openAi(Wire.pieces(TestApi.JSON.writeValueAsString(object), 40))));

        browser.open(base());
        askTheFakeModel("nextjs-developer", "a page that says console-preview-ok");
        browser.await("#code-editor");
        browser.find("#run").click();

        WebElement frame = browser.await("#preview-frame", Duration.ofSeconds(150));
        assertThat(frame.getAttribute("src")).contains(".localhost:" + port);
        assertThat(browser.find("#preview-url").getAttribute("value")).isEqualTo(frame.getAttribute("src"));
        browser.driver().switchTo().frame(frame);
        try {
            browser.until(Duration.ofSeconds(60), "the page renders in the frame",
                    d -> !d.findElements(By.tagName("h1")).isEmpty()
                            && d.findElement(By.tagName("h1")).getText().equals("console-preview-ok"));
        } finally {
            browser.driver().switchTo().defaultContent();
        }
        browser.screenshot("12-nextjs-preview");
    }

    @Test
    void theTerminalRunsEchoInTheSandboxAndShowsItsOutput() throws Exception {
        requireSandboxes();
        signUp(null);
        browser.find("#nav-terminal").click();
        browser.await("#sandbox-new").click();
        browser.until(Duration.ofSeconds(60), "the terminal connects",
                d -> browser.find("#terminal-status").getText().contains("connected"));
        WebElement input = browser.find("#terminal .xterm-helper-textarea");
        input.sendKeys("echo console-$((6*7))" + Keys.ENTER);
        // the typed line shows $((6*7)); only the shell's output shows 42
        browser.until(Duration.ofSeconds(20), "the echo's output appears",
                d -> ((String) browser.script("return document.querySelector('#terminal .xterm-rows').textContent"))
                        .contains("console-42"));
        browser.screenshot("05-terminal");
    }

    @Test
    void aFileChangedElsewhereShowsAConflictInsteadOfOverwriting() throws Exception {
        String email = signUp(null);
        browser.find("#nav-files").click();
        browser.await("#new-path").sendKeys("notes/todo.md");
        browser.find("#new-file").click();
        browser.until(Duration.ofSeconds(10), "the new file is in the tree",
                d -> !d.findElements(By.xpath("//button[contains(@class,'tree-node') and contains(., 'todo.md')]")).isEmpty());
        browser.driver().findElement(By.xpath("//button[contains(@class,'tree-node') and contains(., 'todo.md')]")).click();
        WebElement editor = browser.await(".editor .cm-content");
        editor.click();
        editor.sendKeys("- write the console docs");
        browser.find("#save").click();
        browser.until(Duration.ofSeconds(10), "saved", d -> browser.find("#save").getText().equals("Saved"));
        browser.screenshot("06-files");

        // someone else (another client of the same account) changes the file meanwhile
        TestApi elsewhere = apiAs(email);
        TestApi.Response other = elsewhere.post("/api/files/content",
                Map.of("path", "notes/todo.md", "content", "changed elsewhere"));
        assertThat(other.status()).as(other.toString()).isEqualTo(200);

        editor.sendKeys(Keys.ENTER, "- and test it");
        browser.find("#save").click();
        WebElement conflict = browser.await("#conflict");
        assertThat(conflict.getText()).contains("changed somewhere else");
        assertThat(elsewhere.get("/api/files/content?path=notes/todo.md").json().get("content").asString())
                .isEqualTo("changed elsewhere");
        browser.screenshot("07-files-conflict");
    }

    @Test
    void accountTokensGithubAndTheDarkTheme() throws Exception {
        // the console is public static files under the strict CSP; the API stays protected
        TestApi anonymous = new TestApi(port);
        TestApi.Response index = anonymous.get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).startsWith("text/html");
        assertThat(index.header("Content-Security-Policy")).contains("script-src 'self';", "style-src 'self';")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(anonymous.get("/api/files").status()).isEqualTo(401);

        signUp(null);
        browser.find("#nav-account").click();
        browser.await("#token-name").sendKeys("laptop");
        browser.find("#token-create").click();
        assertThat(browser.await("#token-secret").getText()).startsWith("cit_");
        assertThat(browser.find("#tokens").getText()).contains("laptop");
        browser.screenshot("08-account-tokens");

        // the MCP panel: the URL and a ready-to-paste Claude Code command with a new token
        assertThat(browser.find("#mcp-url").getText()).isEqualTo(browser.script("return location.origin") + "/mcp");
        browser.find("#mcp-token-create").click();
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(browser.find("#mcp-config").getText())
                .startsWith("claude mcp add --transport http codingit ").contains("Authorization: Bearer cit_"));
        assertThat(browser.find("#tokens").getText()).contains("MCP client");

        browser.find("#nav-github").click();
        browser.await("#gh-token");
        // GitHub sign-in is not configured in this test: no button that would lead to a raw error page
        // the note comes with the connection state, after the form (a fetch): wait for it
        assertThat(browser.await("#gh-no-oauth").getText()).contains("not set up on this server");
        assertThat(browser.driver().findElements(By.cssSelector("#gh-connect"))).isEmpty();
        browser.screenshot("09-github");
        // a failing step of the OAuth flow (a navigation; here sign-in is not configured) lands back in the app,
        // its message on the GitHub screen, not a JSON page
        browser.open(base() + "api/github/callback?code=c&state=s");
        assertThat(browser.await("#github-error").getText()).contains("not configured on this server");
        assertThat(browser.script("return location.hash")).as("read once, not shown again on a reload").isEqualTo("#/github");

        new Select(browser.find(".theme select")).selectByValue("dark");
        browser.find("#nav-chat").click();
        browser.await("#prompt");
        assertThat(browser.script("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(15, 17, 21)");
        browser.screenshot("10-chat-dark");
        new Select(browser.find(".theme select")).selectByValue("system");

        browser.find("#logout").click();
        browser.await("#auth-submit");
    }

    @Test
    void aTaskStreamsItsLogLiveAndCanBeDeletedWhenFinished() throws Exception {
        requireSandboxes();
        String email = signUp(null);
        TestApi api = apiAs(email);
        // no repository: the agent works in an empty sandbox directory; the fake model writes a file, then
        // answers, and the second turn is held until the browser shows the first tool call live
        upstream.enqueue(Reply.json(200, Wire.openAiToolCalls(List.of(Wire.ToolCall.of("write_file",
                Map.of("path", "README.md", "content", "# Hello\n"))))));
        Reply answer = upstream.enqueue(Reply.json(200, Wire.openAiAnswer("Wrote the README.")).pauseBefore(0));

        browser.find("#nav-tasks").click();
        browser.await("#task-prompt").sendKeys("add a README");
        browser.find("#task-create").click();
        browser.until(Duration.ofSeconds(60), "the tool call streams in while the model is held",
                d -> browser.find("#task-log").getText().contains("write_file"));
        answer.proceed();
        browser.until(Duration.ofSeconds(90), "the task completes",
                d -> !d.findElements(By.cssSelector("#task-detail .badge.completed")).isEmpty());
        assertThat(browser.find("#task-log").getText()).contains("Task started").contains("Wrote the README.");
        browser.screenshot("11-tasks");

        browser.find("#task-detail .danger").click();
        browser.until(Duration.ofSeconds(10), "the task is deleted",
                d -> d.findElements(By.cssSelector("#task-list li")).isEmpty());
        assertThat(api.get("/api/tasks").json().get("tasks").size()).isZero();
    }

    /**
     * Issue 24, item 8: a task takes the Chat's own key and base URL (typed once, in the Chat), and the
     * agent's model calls carry that key, which never comes back in the API's answers.
     */
    @Test
    void aTaskTakesTheChatsOwnKeyAndBaseUrl() throws Exception {
        requireSandboxes();
        String email = signUp(null);
        String ownKey = "sk-task-own-key-0123456789";
        browser.await("#model");
        browser.find("details summary").click();
        browser.find("#api-key").sendKeys(ownKey);
        browser.find("#base-url").sendKeys(upstream.baseUrl());
        upstream.enqueue(Reply.json(200, Wire.openAiAnswer("Nothing to change.")));

        browser.find("#nav-tasks").click();
        // the Chat's settings are the task form's
        assertThat(browser.await("#task-api-key").getAttribute("value")).isEqualTo(ownKey);
        assertThat(browser.find("#task-base-url").getAttribute("value")).isEqualTo(upstream.baseUrl());
        browser.find("#task-prompt").sendKeys("look around");
        browser.until(Duration.ofSeconds(10), "the list has loaded", d -> browser.find("#task-create").isEnabled());
        browser.find("#task-create").click();
        browser.until(Duration.ofSeconds(90), "the task completes",
                d -> !d.findElements(By.cssSelector("#task-detail .badge.completed")).isEmpty());
        assertThat(upstream.lastRequest().header("Authorization")).isEqualTo("Bearer " + ownKey);
        TestApi.Response listed = apiAs(email).get("/api/tasks");
        assertThat(listed.body()).doesNotContain(ownKey);
        browser.screenshot("20-tasks-own-key");
    }

    /** Issue 24, item 8: only agents that can run here are offered; the others are named with the reason. */
    @Test
    void onlyAgentsThatCanRunHereAreOfferedWithAHintForTheOthers() throws Exception {
        String email = signUp(null);
        var agents = apiAs(email).get("/api/tasks/agents").json().get("agents");
        List<String> available = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        agents.forEach(a -> (a.get("available").asBoolean() ? available : unavailable).add(a.get("id").asString()));
        assertThat(available).contains("codingit");
        if (!Files.isExecutable(Path.of("/usr/bin/claude")) && !Files.isExecutable(Path.of("/usr/local/bin/claude"))) {
            assertThat(unavailable).contains("claude");
        }
        browser.find("#nav-tasks").click();
        Select agent = new Select(browser.await("#task-agent"));
        browser.until(Duration.ofSeconds(10), "the agents load",
                d -> agent.getOptions().stream().map(o -> o.getAttribute("value")).toList().equals(available));
        if (!unavailable.isEmpty()) {
            String hint = browser.find("#agent-hint").getText();
            assertThat(hint).contains(unavailable);
            assertThat(hint).contains("not installed");
        }
    }

    /** Issue 24, item 8: a failed task looks failed: a red badge and bar, and the reason. */
    @Test
    void aFailedTaskLooksFailedWithItsReason() throws Exception {
        requireSandboxes();
        signUp(null);
        upstream.enqueue(Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"));
        browser.find("#nav-tasks").click();
        browser.await("#task-prompt").sendKeys("this will fail");
        browser.until(Duration.ofSeconds(10), "the list has loaded", d -> browser.find("#task-create").isEnabled());
        browser.find("#task-create").click();
        browser.until(Duration.ofSeconds(90), "the task fails",
                d -> !d.findElements(By.cssSelector("#task-detail .badge.error")).isEmpty());
        assertThat(browser.find("#task-detail .badge.error").getText()).isEqualTo("failed");
        WebElement bar = browser.find("#task-progress");
        assertThat(bar.getAttribute("class")).contains("failed");
        assertThat(bar.getAttribute("value")).isEqualTo("100");
        String danger = (String) browser.script("return getComputedStyle(document.querySelector('.badge.error')).color");
        assertThat(browser.script("return getComputedStyle(arguments[0]).accentColor", bar)).isEqualTo(danger);
        assertThat(browser.find("#task-failure").getText()).startsWith("Failed").contains("model");
        browser.screenshot("21-task-failed");
    }

    /** The sandbox id the console keeps for the tab's chat (sessionStorage), or null. */
    String chatSandbox() {
        return (String) browser.script("return sessionStorage.getItem('codingit-chat-sandbox')");
    }

    /** Sends a prompt with the preselected model (the server's key), the fake upstream answering with {@code fragment}. */
    void promptWithTheDefaultModel(String prompt, Map<String, Object> fragment) throws IOException {
        upstream.enqueue(Reply.of(200, "text/event-stream", Wire.openAi(Wire.pieces(TestApi.JSON.writeValueAsString(fragment), 40))));
        WebElement box = browser.await("#prompt");
        box.clear();
        box.sendKeys(prompt);
        browser.find("#send").click();
        browser.await("#code-editor");
    }

    @Test
    void aNewUsersFirstPromptUsesAModelThatWorksAndAFailedPromptIsNotSentAgain() throws Exception {
        signUp(null);
        Select model = new Select(browser.await("#model"));
        browser.until(Duration.ofSeconds(10), "the models load", d -> model.getOptions().size() > 1);
        // the server holds a key for openai only, and no Ollama runs: an openai model is preselected
        assertThat(model.getFirstSelectedOption().getAttribute("value")).startsWith("openai:");
        assertThat(model.getFirstSelectedOption().getText()).doesNotContain("(");
        WebElement ollama = browser.find("#model option[value^='ollama:']");
        assertThat(ollama.getText()).contains("(not running at http://localhost:");
        assertThat(browser.find("#model option[value^='anthropic:']").getText()).contains("(needs a key)");

        // the first prompt fails at the provider: it is marked failed and put back in the box
        upstream.enqueue(Reply.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        browser.find("#prompt").sendKeys("the prompt that fails");
        browser.find("#send").click();
        WebElement failed = browser.await(".msg.failed");
        assertThat(failed.getText()).contains("the prompt that fails").contains("failed, not sent again");
        assertThat(browser.find("#chat-error").getText()).isNotBlank();
        assertThat(browser.find("#prompt").getAttribute("value")).isEqualTo("the prompt that fails");
        browser.screenshot("15-chat-failed-prompt");

        // the next prompt works, and the failed one is not in its context
        promptWithTheDefaultModel("plot the squares", fragment("code-interpreter-v1", "Squares", "d", "c", "script.py", CODE));
        assertThat(upstream.lastRequest().body()).contains("plot the squares").doesNotContain("the prompt that fails");
        assertThat(upstream.lastRequest().header("Authorization")).isEqualTo("Bearer sk-test-console-tasks-0123456789");
        // a key typed in takes the "needs a key" labels away
        browser.find("details summary").click();
        browser.find("#api-key").sendKeys("sk-mine");
        assertThat(browser.find("#model option[value^='anthropic:']").getText()).doesNotContain("needs a key");
    }

    /**
     * One sandbox per chat: a reload finds it again, Terminal and Files default to it (not to another live
     * sandbox), the Sandboxes list extends, pauses and resumes it, and a new chat kills it.
     */
    @Test
    void aReloadFindsTheChatsSandboxAgainTheScreensDefaultToItTheListExtendsItAndANewChatKillsIt() throws Exception {
        requireSandboxes();
        String email = signUp(null);
        TestApi api = apiAs(email);
        promptWithTheDefaultModel("remember a number", fragment("code-interpreter-v1", "Counter", "d", "c", "script.py",
                "answer = 41\nprint('set')\n"));
        browser.find("#run").click();
        browser.until(Duration.ofSeconds(90), "the run ends", d -> browser.find("#stdout").getText().contains("set"));
        String sandbox = chatSandbox();
        assertThat(sandbox).isNotBlank();

        browser.driver().navigate().refresh();
        browser.await("#prompt");
        promptWithTheDefaultModel("use it", fragment("code-interpreter-v1", "Counter", "d", "c", "script.py",
                "print(answer + 1)\n"));
        browser.find("#run").click();
        // the same sandbox, its interpreter state kept across the reload
        browser.until(Duration.ofSeconds(90), "the run in the same sandbox", d -> browser.find("#stdout").getText().contains("42"));
        assertThat(chatSandbox()).isEqualTo(sandbox);
        assertThat(api.get("/api/sandbox").json().get("sandboxes").size()).isEqualTo(1);

        // Terminal and Files default to the chat's sandbox, not to the newest (or oldest) live one
        TestApi.Response other = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1", "code", "pass")));
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
        String otherSandbox = other.json().get("sbxId").asString();
        browser.find("#nav-terminal").click();
        browser.until(Duration.ofSeconds(10), "the picker lists both", d -> new Select(browser.find("#sandbox-pick")).getOptions().size() == 2);
        assertThat(new Select(browser.find("#sandbox-pick")).getFirstSelectedOption().getAttribute("value")).isEqualTo(sandbox);
        browser.find("#nav-files").click();
        browser.await("#tab-sandbox").click();
        browser.until(Duration.ofSeconds(10), "the picker lists both", d -> new Select(browser.find("#sandbox-pick")).getOptions().size() == 2);
        assertThat(new Select(browser.find("#sandbox-pick")).getFirstSelectedOption().getAttribute("value")).isEqualTo(sandbox);

        // the Sandboxes screen lists it (this chat) and can extend it
        browser.find("#nav-sandboxes").click();
        WebElement row = browser.await("#sandbox-list tr[data-sbx='" + sandbox + "']");
        assertThat(row.getText()).contains("(this chat)").contains("code-interpreter-v1").contains("running");
        browser.screenshot("16-sandboxes");
        api.delete("/api/sandbox/" + otherSandbox);
        // Extend gives a sandbox near its end its full life back (10 min)
        assertThat(api.post("/api/sandbox/" + sandbox + "/timeout", Map.of("seconds", 30)).status()).isEqualTo(200);
        java.time.Instant shortened = java.time.Instant.parse(api.get("/api/sandbox/" + sandbox).json().get("expiresAt").asString());
        browser.find("#sandbox-list button").click();
        browser.until(Duration.ofSeconds(10), "the list shows the short life", d -> browser.find(
                "#sandbox-list tr[data-sbx='" + sandbox + "'] time").getText().matches("\\d+ s"));
        browser.find("#sandbox-list tr[data-sbx='" + sandbox + "'] .extend").click();
        browser.until(Duration.ofSeconds(10), "the list shows the extended life", d -> browser.find(
                "#sandbox-list tr[data-sbx='" + sandbox + "'] time").getText().contains("min"));
        java.time.Instant extended = java.time.Instant.parse(api.get("/api/sandbox/" + sandbox).json().get("expiresAt").asString());
        assertThat(Duration.between(shortened, extended)).isGreaterThan(Duration.ofMinutes(9));
        row = browser.find("#sandbox-list tr[data-sbx='" + sandbox + "']");
        // Pause keeps the files on the server; the row says paused and offers Resume, which brings it back
        row.findElement(By.cssSelector(".pause")).click();
        browser.until(Duration.ofSeconds(60), "the row says paused", d -> browser.find(
                "#sandbox-list tr[data-sbx='" + sandbox + "'] .state").getText().startsWith("paused"));
        assertThat(api.get("/api/sandbox/" + sandbox).json().get("state").asString()).isEqualTo("paused");
        assertThat(browser.find("#sandbox-list tr[data-sbx='" + sandbox + "'] .pause-reason").getText())
                .as("why it is paused").isEqualTo("paused by its owner");
        browser.find("#sandbox-list tr[data-sbx='" + sandbox + "'] .resume").click();
        browser.until(Duration.ofSeconds(60), "the row says running", d -> browser.find(
                "#sandbox-list tr[data-sbx='" + sandbox + "'] .state").getText().equals("running"));

        browser.find("#nav-chat").click();
        browser.await("#new-chat-here").click();
        browser.until(Duration.ofSeconds(10), "the old chat's sandbox is killed and forgotten",
                d -> api.get("/api/sandbox").json().get("sandboxes").isEmpty() && chatSandbox() == null);
    }

    @Test
    void theSandboxListKillsASandboxAndTheLimitMessageOffersIt() throws Exception {
        requireSandboxes();
        String email = signUp(null);
        TestApi api = apiAs(email);
        for (int i = 0; i < 5; i++) {
            TestApi.Response made = api.post("/api/sandbox", Map.of("fragment", Map.of("template", "code-interpreter-v1", "code", "pass")));
            assertThat(made.status()).as(made.toString()).isEqualTo(200);
        }
        promptWithTheDefaultModel("print", fragment("code-interpreter-v1", "Hello", "d", "c", "script.py", "print('hi')\n"));
        browser.find("#run").click();
        // the sixth is refused; the message comes with the list to act on
        assertThat(browser.await("#run-error", Duration.ofSeconds(60)).getText()).contains("5 live sandboxes");
        WebElement list = browser.await("#result-panel #sandbox-list table");
        assertThat(list.findElements(By.cssSelector("tbody tr"))).hasSize(5);
        assertThat(browser.find("#run-error").getText()).doesNotContain("Try again");
        // the list scrolls inside the narrow result panel; the page does not get wider than the window
        assertThat(browser.script("return document.documentElement.scrollWidth <= innerWidth")).isEqualTo(true);
        browser.screenshot("17-sandbox-limit");
        list.findElement(By.cssSelector("tbody tr .kill")).click();
        browser.until(Duration.ofSeconds(20), "one is killed", d -> api.get("/api/sandbox").json().get("sandboxes").size() == 4);
        browser.find("#run").click();
        browser.until(Duration.ofSeconds(90), "the run now goes through", d -> browser.find("#stdout").getText().contains("hi"));
    }

    @Test
    void filesShowTheRealOutcomeAndAConflictSideBySide() throws Exception {
        String email = signUp(null);
        browser.find("#nav-files").click();
        browser.await("#new-path").sendKeys("notes/a.md");
        browser.find("#new-file").click();
        assertThat(browser.await("#files-message").getText()).isEqualTo("Created notes/a.md.");

        // the same path again: the server refuses (409), the console says so and keeps the input
        browser.find("#new-path").sendKeys("notes/a.md");
        browser.find("#new-file").click();
        WebElement error = browser.await("#files-error");
        assertThat(error.getText()).isNotBlank();
        assertThat(browser.driver().findElements(By.cssSelector("#files-message"))).isEmpty();
        assertThat(browser.find("#new-path").getAttribute("value")).isEqualTo("notes/a.md");
        browser.screenshot("18-files-duplicate");

        // a path out of the workspace: refused, shown as an error
        WebElement path = browser.find("#new-path");
        path.clear();
        path.sendKeys("../../etc/passwd");
        browser.find("#new-file").click();
        browser.until(Duration.ofSeconds(10), "the refusal", d -> !browser.find("#files-error").getText().isBlank());
        assertThat(browser.driver().findElements(By.cssSelector("#files-message"))).isEmpty();

        // a conflict shows both versions side by side
        browser.driver().findElement(By.xpath("//button[contains(@class,'tree-node') and contains(., 'a.md')]")).click();
        WebElement editor = browser.await(".editor .cm-content");
        editor.click();
        editor.sendKeys("mine");
        browser.find("#save").click();
        browser.until(Duration.ofSeconds(10), "saved", d -> browser.find("#save").getText().equals("Saved"));
        assertThat(apiAs(email).post("/api/files/content", Map.of("path", "notes/a.md", "content", "theirs")).status()).isEqualTo(200);
        editor.sendKeys(" and more");
        browser.find("#save").click();
        WebElement diff = browser.await("#conflict #side-diff");
        assertThat(diff.findElement(By.cssSelector("td.del")).getText()).isEqualTo("theirs");
        assertThat(diff.findElement(By.cssSelector("td.add")).getText()).isEqualTo("mine and more");
    }

    @Test
    void aLongRunShowsItsOutputLiveSurvivesLeavingTheScreenAndStops() throws Exception {
        requireSandboxes();
        signUp(null);
        promptWithTheDefaultModel("count slowly", fragment("code-interpreter-v1", "Ticker", "d", "c", "script.py", """
                import time
                total = 0
                for i in range(600):
                    total += i
                    print("tick", i, flush=True)
                    time.sleep(0.2)
                """));
        browser.find("#run").click();
        // output appears while the cell is still running
        browser.until(Duration.ofSeconds(60), "the first ticks while the cell runs",
                d -> !d.findElements(By.cssSelector("#stdout")).isEmpty() && browser.find("#stdout").getText().contains("tick 3"));
        assertThat(browser.find("#run-live").isDisplayed()).isTrue();
        browser.screenshot("19-live-run");

        // leaving the screen and coming back: the run is still going, its output still growing
        browser.find("#nav-files").click();
        browser.await("#tab-workspace");
        browser.find("#nav-chat").click();
        String before = browser.await("#stdout").getText();
        browser.until(Duration.ofSeconds(20), "more ticks", d -> browser.find("#stdout").getText().length() > before.length());

        browser.find("#stop-run").click();
        assertThat(browser.await("#run-stopped", Duration.ofSeconds(20)).getText()).contains("state").contains("kept");
        assertThat(browser.driver().findElements(By.cssSelector("#run-live"))).isEmpty();

        // what the stop message says is true: the next run is in the same interpreter, total is still there
        String sandbox = chatSandbox();
        promptWithTheDefaultModel("show the total", fragment("code-interpreter-v1", "Total", "d", "c", "script.py",
                "print('total is', total > 0)\n"));
        browser.find("#run").click();
        browser.until(Duration.ofSeconds(60), "the kept state", d -> browser.find("#stdout").getText().contains("total is True"));
        assertThat(chatSandbox()).isEqualTo(sandbox);
    }

    /** No screen shows a rate-limit refusal. */
    void assertNotRateLimited(String when) {
        assertThat((String) browser.script("return document.body.innerText")).as(when).doesNotContain("Rate limit exceeded");
    }

    /**
     * An hour of typical use, compressed, at the default limits (general 100 per 15 minutes): page
     * loads, runs, file edits and terminals, never a 429 (issue 24: the old budget locked a person out
     * after about 12 minutes).
     */
    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void anHourOfTypicalUseIsNeverRateLimited() throws Exception {
        requireSandboxes();
        String email = signUp(null);
        promptWithTheDefaultModel("count", fragment("code-interpreter-v1", "Count", "d", "c", "script.py", "print('run done')\n"));
        for (int run = 1; run <= 15; run++) {
            browser.find("#run").click();
            int expected = run;
            browser.until(Duration.ofSeconds(90), "run " + run + " ends", d -> !d.findElements(By.cssSelector("#stdout")).isEmpty()
                    && d.findElements(By.cssSelector("#run-live")).isEmpty() && browser.find("#run").isEnabled());
            assertNotRateLimited("run " + expected);
        }
        browser.find("#nav-files").click();
        browser.await("#new-path").sendKeys("daily/notes.md");
        browser.find("#new-file").click();
        browser.await("#files-message");
        browser.driver().findElement(By.xpath("//button[contains(@class,'tree-node') and contains(., 'notes.md')]")).click();
        WebElement editor = browser.await(".editor .cm-content");
        for (int save = 1; save <= 10; save++) {
            editor.sendKeys("line " + save + Keys.ENTER);
            browser.find("#save").click();
            browser.until(Duration.ofSeconds(10), "saved", d -> browser.find("#save").getText().equals("Saved"));
        }
        for (int load = 1; load <= 15; load++) {
            for (String screen : List.of("chat", "files", "sandboxes")) {
                browser.open(base() + "#/" + screen);
                browser.await("#who");
                browser.until(Duration.ofSeconds(10), "the screen settles", d -> d.findElements(By.cssSelector(".busy")).isEmpty());
                assertNotRateLimited("page load " + load + " of " + screen);
            }
            if (load % 5 == 0) {
                browser.find("#nav-terminal").click();
                browser.until(Duration.ofSeconds(60), "the terminal connects",
                        d -> !d.findElements(By.cssSelector("#terminal-status")).isEmpty()
                                && browser.find("#terminal-status").getText().contains("connected"));
            }
        }
        // and there is budget left for what costs
        TestApi.Response probe = apiAs(email).post("/api/files", Map.of("path", "daily/probe.md", "isDirectory", false, "content", ""));
        assertThat(probe.status()).as(probe.toString()).isLessThan(300);
        assertThat(Integer.parseInt(probe.header("X-RateLimit-Remaining"))).isPositive();
    }

    /**
     * The goal of issue 24, the part a test can hold without a clock: at most 300 kB of JavaScript before the
     * sign-in screen shows, on a fresh profile (nothing cached) over Chromium's emulation of a 1.6 Mbps, 150 ms
     * link, which is checked to apply. The time to that screen (goal ≤ 1.5 s) is measured by bench/console
     * beside an unthrottled baseline: as an assertion here it failed whenever the machine was busy (1,830 ms
     * with other work on both cores), which says nothing about the console.
     */
    @Test
    void theFirstScreenLoadsFastOnASlowLink() throws Exception {
        try (Browser slow = new Browser(1280, 900)) {
            ChromiumNetworkConditions link = new ChromiumNetworkConditions();
            link.setLatency(Duration.ofMillis(150));
            link.setDownloadThroughput(1_600_000 / 8);
            link.setUploadThroughput(1_600_000 / 8);
            ((ChromeDriver) slow.driver()).setNetworkConditions(link);
            slow.open(base());
            new org.openqa.selenium.support.ui.WebDriverWait(slow.driver(), Duration.ofSeconds(20), Duration.ofMillis(10))
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#auth-submit")));
            // the emulation really applies to this localhost page, else the bytes below would be fetched over no link: the page
            // arrives no sooner than the latency, the scripts no faster than the bandwidth. (Chromium adds the
            // emulated latency before the response's end, not before its first byte: responseStart stays at ~10 ms.)
            double pageArrived = ((Number) slow.script(
                    "return performance.getEntriesByType('navigation')[0].responseEnd")).doubleValue();
            assertThat(pageArrived).as("ms until the page arrived, with 150 ms of emulated latency").isGreaterThanOrEqualTo(150.0);
            @SuppressWarnings("unchecked")
            List<List<Number>> scripts = (List<List<Number>>) slow.script("""
                    return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.js'))
                        .map(e => [e.transferSize, e.responseEnd - e.startTime])""");
            assertThat(scripts).isNotEmpty().allSatisfy(bytesAndMillis -> assertThat(bytesAndMillis.get(1).doubleValue())
                    .as("ms for a script of " + bytesAndMillis.get(0) + " bytes at 200 kB/s")
                    .isGreaterThanOrEqualTo(0.8 * bytesAndMillis.get(0).doubleValue() / 200));
            long scriptBytes = ((Number) slow.script("""
                    return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.js'))
                        .reduce((n, e) => n + e.transferSize, 0)""")).longValue();
            String encoding = (String) slow.script("""
                    return fetch(performance.getEntriesByType('resource').find(e => e.name.endsWith('.js')).name,
                        {cache: 'no-store'}).then(r => r.headers.get('content-type'))""");
            assertThat(encoding).contains("javascript");
            assertThat(scriptBytes).as("JavaScript bytes before sign-in").isBetween(1L, 300_000L);
        }
        // hashed assets are cached for good, the page itself is revalidated, text is compressed
        TestApi anonymous = new TestApi(port);
        String index = anonymous.get("/").body();
        String script = index.replaceAll("(?s).*src=\"(/assets/[^\"]+\\.js)\".*", "$1");
        TestApi.Response asset = anonymous.withHeader("Accept-Encoding", "gzip").get(script);
        assertThat(asset.header("Cache-Control")).contains("max-age=31536000").contains("immutable");
        assertThat(asset.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(anonymous.get("/").header("Cache-Control")).isEqualTo("no-cache");
        assertThat(anonymous.get("/favicon.ico").status()).isEqualTo(200);
    }

    /**
     * Issue 24, item 10: on a phone (390 x 844) the header is one row (it scrolls sideways), and a run brings
     * the result, below the fold in the one-column layout, into view.
     */
    @Test
    void onAPhoneTheHeaderIsOneRowAndARunScrollsToTheResult() throws Exception {
        requireSandboxes();
        signUp(null);
        ChromeDriver chrome = (ChromeDriver) browser.driver();
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        try {
            // the page fits the phone's width (else the phone shows it zoomed out to the content's width)
            assertThat(((Number) browser.script("return innerWidth")).intValue()).isEqualTo(390);
            assertThat(((Number) browser.script("return document.documentElement.scrollWidth")).intValue()).isEqualTo(390);
            @SuppressWarnings("unchecked")
            List<Number> middles = (List<Number>) browser.script("""
                    return [...document.querySelectorAll('header.top > *, header.top nav a')]
                        .filter(e => e.getClientRects().length > 0)
                        .map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; })""");
            assertThat(middles).hasSizeGreaterThan(8);
            double highest = middles.stream().mapToDouble(Number::doubleValue).min().orElseThrow();
            double lowest = middles.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
            assertThat(lowest - highest).as("the header's items (and the screens' links) share one row").isLessThan(4.0);

            promptWithTheDefaultModel("print on a phone", fragment("code-interpreter-v1", "Phone", "d", "c", "script.py",
                    "print('ran on a phone')\n"));
            // one column: the result is below the chat and the fragment, out of view when Run is pressed at the top
            browser.script("scrollTo(0, 0)");
            assertThat(resultPanelTop()).as("the result panel's top, below the fold").isGreaterThan(844.0);
            browser.script("document.getElementById('run').click()");
            browser.until(Duration.ofSeconds(90), "the run ends",
                    d -> !d.findElements(By.cssSelector("#stdout")).isEmpty() && browser.find("#stdout").getText().contains("ran on a phone"));
            browser.until(Duration.ofSeconds(5), "the result panel and its output are scrolled into view", d -> resultPanelTop() > -2
                    && ((Number) browser.script("return document.getElementById('stdout').getBoundingClientRect().bottom")).doubleValue() <= 844);
            assertThat(((Number) browser.script("return scrollY")).doubleValue()).isPositive();
            browser.screenshot("24-phone-result");
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    double resultPanelTop() {
        return ((Number) browser.script("return document.getElementById('result-panel').getBoundingClientRect().top")).doubleValue();
    }

    /**
     * Issue 24: when a limit is hit anyway, the console keeps what it showed (the model list, the file tree)
     * and says how long to wait. This account's read budget (the default, 1500 per 15 minutes) is spent
     * through the API first; it is the account's own, so no other test is touched.
     */
    @Test
    void whenARateLimitIsHitTheConsoleKeepsWhatItShowedAndSaysWhenToTryAgain() throws Exception {
        String email = signUp(null);
        Select model = new Select(browser.await("#model"));
        browser.until(Duration.ofSeconds(10), "the models load", d -> model.getOptions().size() > 1);
        int models = model.getOptions().size();
        browser.find("#nav-files").click();
        browser.await("#new-path").sendKeys("kept/notes.md");
        browser.find("#new-file").click();
        browser.await("#files-message");
        By note = By.xpath("//button[contains(@class,'tree-node') and contains(., 'notes.md')]");
        browser.until(Duration.ofSeconds(10), "the file is in the tree", d -> !d.findElements(note).isEmpty());

        spendTheReadBudget(apiAs(email));

        browser.driver().findElement(By.xpath("//section[@aria-label='Workspace files']//button[.='Refresh']")).click();
        browser.until(Duration.ofSeconds(10), "the refusal with the wait",
                d -> !d.findElements(By.cssSelector("#files-error")).isEmpty() && browser.find("#files-error").getText().contains("Try again in")
                        && !browser.find("#files-error").getText().contains("Retry in"));
        assertThat(browser.driver().findElements(note)).as("the tree it had").isNotEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#files-message"))).as("no earlier success beside the refusal").isEmpty();
        browser.screenshot("25-rate-limited-files");

        browser.find("#nav-chat").click();
        browser.until(Duration.ofSeconds(10), "the refusal with the wait",
                d -> !d.findElements(By.cssSelector("#chat-error")).isEmpty() && browser.find("#chat-error").getText().contains("Try again in"));
        assertThat(new Select(browser.find("#model")).getOptions()).as("the model list it had").hasSize(models);
    }

    /** Spends what is left of the account's read budget (GETs of general routes), until the server answers 429. */
    static void spendTheReadBudget(TestApi api) throws InterruptedException {
        int remaining = Integer.parseInt(api.get("/api/files").header("X-RateLimit-Remaining"));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < remaining; i++) {
                pool.submit(() -> api.get("/api/files"));
            }
        }
        TestApi.Response refused = api.get("/api/files");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
    }

    /** Issue 24, item 10: the sign-in page and every screen have one {@code <h1>} (the page's heading). */
    @Test
    void everyScreenHasOneH1() throws Exception {
        browser.open(base());
        browser.await("#auth-submit");
        assertThat(browser.driver().findElements(By.tagName("h1"))).as("sign-in").hasSize(1);
        signUp(null);
        for (String screen : List.of("chat", "projects", "files", "terminal", "sandboxes", "github", "tasks", "account")) {
            browser.find("#nav-" + screen).click();
            browser.until(Duration.ofSeconds(10), "the screen settles", d -> d.findElements(By.cssSelector(".busy")).isEmpty());
            assertThat(browser.driver().findElements(By.tagName("h1"))).as(screen).hasSize(1);
            assertThat(browser.find("h1").getText()).as(screen).isNotBlank();
        }
    }

    /** axe-core (from web/node_modules, installed by the build's npm ci) on every screen, light and dark. */
    @Test
    void axeFindsNoSeriousAccessibilityViolations() throws Exception {
        String axe = Files.readString(Path.of("web", "node_modules", "axe-core", "axe.min.js"));
        List<String> problems = new ArrayList<>();
        browser.open(base());
        browser.await("#auth-submit");
        problems.addAll(axeViolations(axe, "sign-in"));
        String email = signUp(null);
        // an editor with highlighted Python (comments, strings, keywords, numbers), for the syntax colours' contrast
        assertThat(apiAs(email).post("/api/files", Map.of("path", "axe/demo.py", "isDirectory", false, "content",
                "# a comment\nimport math\n\nclass Shape:\n    def area(self, r: float) -> float:\n"
                        + "        return math.pi * r ** 2  # pi r squared\n\nprint('text', 42, True, None)\n")).status()).isLessThan(300);
        for (String theme : List.of("light", "dark")) {
            new Select(browser.find(".theme select")).selectByValue(theme);
            for (String screen : List.of("chat", "projects", "files", "terminal", "sandboxes", "github", "tasks", "account")) {
                browser.find("#nav-" + screen).click();
                browser.until(Duration.ofSeconds(10), "the screen settles", d -> d.findElements(By.cssSelector(".busy")).isEmpty());
                problems.addAll(axeViolations(axe, screen + " (" + theme + ")"));
            }
            browser.find("#nav-files").click();
            browser.await("button.tree-node");
            browser.driver().findElement(By.xpath("//button[contains(@class,'tree-node') and contains(., 'demo.py')]")).click();
            browser.until(Duration.ofSeconds(20), "the highlighted editor",
                    d -> !d.findElements(By.cssSelector(".editor .cm-content span")).isEmpty());
            problems.addAll(axeViolations(axe, "editor (" + theme + ")"));
        }
        new Select(browser.find(".theme select")).selectByValue("system");
        assertThat(problems).isEmpty();
    }

    @SuppressWarnings("unchecked")
    List<String> axeViolations(String axe, String where) {
        browser.script(axe);
        List<String> found = (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')).join(' | '))));
                """);
        return found.stream().map(v -> where + ": " + v).toList();
    }
}
