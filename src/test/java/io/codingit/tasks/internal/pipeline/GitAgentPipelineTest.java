package io.codingit.tasks.internal.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.test.web.server.LocalServerPort;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import io.codingit.llm.HostResolver;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.FakeLlmServer;
import io.codingit.support.FakeLlmServer.Reply;
import io.codingit.support.FakeLlmServer.Wire.ToolCall;
import io.codingit.support.GitRepos;
import io.codingit.support.IntegrationTest;
import io.codingit.support.Prerequisites;
import io.codingit.support.VerboseLogCapture;
import io.codingit.tasks.internal.TaskCancelledException;
import io.codingit.tasks.internal.TaskFailedException;
import io.codingit.tasks.internal.TaskLogType;
import io.codingit.tasks.internal.TaskOutcome;
import io.codingit.tasks.internal.TaskSpec;
import io.codingit.common.DomainException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.codingit.support.FakeLlmServer.Wire.openAiAnswer;
import static io.codingit.support.FakeLlmServer.Wire.openAiToolCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline end to end with real parts: a bare repository on disk (allowed as a {@code file:} root),
 * real bubblewrap sandboxes, JGit on the host, and a real HTTP server speaking OpenAI's wire format whose
 * answers are scripted tool calls. Driven through {@link RecordingRun}, as the task queue would.
 */
@IntegrationTest
@Import(GitAgentPipelineTest.TableResolver.class)
class GitAgentPipelineTest {
    static final String API_KEY = "sk-test-PIPELINE-key-0123456789";
    static final String GITHUB_TOKEN = "ghp_PIPELINEtoken0123456789abcdef";
    static final Path ROOT = GitRepos.tempRoot("codingit-task-repos-");
    static final FakeLlmServer LLM = new FakeLlmServer();

    @RegisterExtension
    final VerboseLogCapture logs = new VerboseLogCapture();

    @Autowired
    GitAgentPipeline pipeline;
    @Autowired
    Sandboxes sandboxes;
    @Autowired
    SandboxProvider provider;
    @Value("${codingit.data-dir}")
    Path dataDir;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("codingit.tasks.allowed-file-roots", ROOT::toString);
        registry.add("codingit.llm.base-urls.openai", LLM::baseUrl);
        registry.add("codingit.tasks.default-model", () -> "openai:gpt-test");
        registry.add("codingit.tasks.max-steps", () -> "5");
        registry.add("codingit.tasks.max-tokens", () -> "1000");
        registry.add("codingit.tasks.command-timeout", () -> "20s");
        registry.add("codingit.tasks.commit-author-name", () -> "Pipeline Bot");
        registry.add("codingit.tasks.commit-author-email", () -> "bot@pipeline.test");
        registry.add("codingit.llm.allowed-base-url-hosts", () -> FakeLlmServer.HOST);
        registry.add("OPENAI_API_KEY", () -> API_KEY);
        registry.add("codingit.github.shared-token-fallback", () -> "true");
        registry.add("codingit.github.shared-token", () -> GITHUB_TOKEN);
        registry.add("codingit.sandbox.warm-pool", () -> "0");
        // CLI agents reach the model relay through a port forward into the sandbox's namespace (finding 2)
        registry.add("codingit.sandbox.egress", () -> "internet");
    }

    /** Names resolve from a table, so that no test ever asks a real DNS server. */
    @TestConfiguration
    static class TableResolver {
        @Bean
        @Primary
        HostResolver tableHostResolver() {
            return host -> {
                if (host.equals("github.com")) {
                    return List.of(InetAddress.getByName("140.82.112.3"));
                }
                throw new UnknownHostException(host);
            };
        }
    }

    @AfterAll
    static void stopFake() {
        LLM.close();
    }

    @BeforeEach
    void requireSandboxes() {
        Prerequisites.require(provider.status().available(),
                "sandboxes unavailable on this host: " + provider.status().unavailableReason(),
                Prerequisites.SANDBOX_PACKAGES);
        LLM.reset();
    }

    @Test
    void builtInAgentReadsAndEditsAFileAndTheBranchIsPushed() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "edit-" + UUID.randomUUID()).file("README.md", "# Demo\n")
                .file("app.py", "def greet():\n    return \"hello\"\n\n\ndef main():\n    print(greet())\n").create();
        RevCommit main = repo.tip("main");
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("list_files", Map.of()),
                ToolCall.of("read_file", Map.of("path", "app.py"))))));
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("edit_file", Map.of("path", "app.py",
                "instruction", "Greet the world",
                "update", "def greet():\n    return \"hello, world\"\n\n\ndef main():\n# ... existing code ...\n")),
                ToolCall.of("write_file", Map.of("path", "docs/NOTES.md", "content", "greets the world\n"))))));
        LLM.enqueue(Reply.json(200, openAiAnswer("Made greet() greet the world.")));
        String user = newUser();
        RecordingRun run = new RecordingRun(spec(user, "Make greet() say hello, world!", repo.url(), null));

        TaskOutcome outcome = pipeline.run(run);

        assertThat(outcome.branchName()).startsWith("codingit/make-greet-say-hello-world-").hasSizeLessThanOrEqualTo(60);
        assertThat(outcome.message()).isEqualTo("Pushed " + outcome.branchName());
        assertThat(run.branch).isEqualTo(outcome.branchName());
        assertThat(outcome.sandboxUrl()).isEqualTo(run.sandboxUrl).startsWith("/api/sandbox/");
        assertThat(repo.branches()).containsExactlyInAnyOrder("main", outcome.branchName());
        Map<String, String> files = repo.files(outcome.branchName());
        assertThat(files.get("app.py")).isEqualTo("def greet():\n    return \"hello, world\"\n\n\ndef main():\n    print(greet())\n");
        assertThat(files).containsEntry("docs/NOTES.md", "greets the world\n").containsEntry("README.md", "# Demo\n");
        RevCommit commit = repo.tip(outcome.branchName());
        assertThat(commit.getAuthorIdent().getName()).isEqualTo("Pipeline Bot");
        assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("bot@pipeline.test");
        assertThat(commit.getParents()).containsExactly(main);
        assertThat(commit.getShortMessage()).isEqualTo("Make greet() say hello, world!");
        assertThat(repo.tip("main")).isEqualTo(main);

        // the model saw the file it asked for, and every tool call is a command line
        assertThat(LLM.requests()).hasSize(3);
        assertThat(LLM.requests().get(1).body()).contains("return \\\"hello\\\"").contains("app.py");
        assertThat(LLM.requests().get(0).header("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(run.commands()).hasSize(4).first().asString().startsWith("list_files");
        assertThat(run.commands().get(1)).isEqualTo("read_file {\"path\":\"app.py\"}");
        assertThat(run.text()).contains("Committed 2 files").contains("Pushing " + outcome.branchName())
                .contains("Made greet() greet the world.");
        assertThat(run.progress).isSorted().contains(95);
        assertThat(sandboxes.list(user)).isEmpty();
        assertThat(logs.text()).doesNotContain(API_KEY);
        assertThat(run.text()).doesNotContain(API_KEY);
    }

    @Test
    void noChangesMeansNoCommitAndNoPush() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "same-" + UUID.randomUUID()).file("README.md", "# Same\n").create();
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("read_file", Map.of("path", "README.md"))))));
        LLM.enqueue(Reply.json(200, openAiAnswer("Nothing to change.")));
        String user = newUser();
        RecordingRun run = new RecordingRun(spec(user, "Check the readme", repo.url(), null));

        TaskOutcome outcome = pipeline.run(run);

        assertThat(outcome.message()).isEqualTo("No changes to commit");
        assertThat(outcome.branchName()).isNull();
        assertThat(run.branch).isNull();
        assertThat(repo.branches()).containsExactly("main");
        assertThat(sandboxes.list(user)).isEmpty();
    }

    @Test
    void aFailingCloneFailsTheTaskAndReleasesTheSandbox() {
        String user = newUser();
        RecordingRun run = new RecordingRun(spec(user, "Anything", ROOT.resolve("missing-" + UUID.randomUUID() + ".git").toUri().toString(), null));

        assertThatThrownBy(() -> pipeline.run(run)).isInstanceOf(TaskFailedException.class)
                .hasMessageStartingWith("Cloning the repository failed");
        assertThat(LLM.requests()).isEmpty();
        assertThat(sandboxes.list(user)).isEmpty();
    }

    @Test
    void aCliAgentThatIsNotInstalledFailsNamingTheInstallCommand() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "cli-" + UUID.randomUUID()).file("README.md", "x\n").create();
        String user = newUser();
        RecordingRun run = new RecordingRun(spec(user, "Fix it", repo.url(), "claude"));

        assertThatThrownBy(() -> pipeline.run(run)).isInstanceOf(TaskFailedException.class)
                .hasMessage("The claude CLI is not installed in the sandbox template 'code-interpreter-v1'. Install it into the "
                        + "template with `npm install -g @anthropic-ai/claude-code`, or choose the built-in agent 'codingit'.");
        assertThat(LLM.requests()).isEmpty();
        assertThat(repo.branches()).containsExactly("main");
        assertThat(sandboxes.list(user)).isEmpty();
    }

    /**
     * A stand-in for the codex CLI installed into the template's home (~/.local/bin, put on PATH by
     * ~/.profile, as a template would): it prints its arguments and key, calls its provider at OPENAI_BASE_URL
     * (the server's relay) and writes a file. Finding 2: the server's key never enters the sandbox; the relay
     * adds it on the way to the provider.
     */
    @Test
    void anInstalledCliAgentReachesItsModelThroughTheRelayWithoutTheServersKey() throws IOException {
        Path home = dataDir.resolve("sandbox").resolve("templates").resolve("code-interpreter-v1").resolve("home");
        Path bin = Files.createDirectories(home.resolve(".local").resolve("bin"));
        Files.writeString(home.resolve(".profile"), "PATH=\"$HOME/.local/bin:$PATH\"\n");
        Path codex = bin.resolve("codex");
        Files.writeString(codex, """
                #!/bin/sh
                echo "args: $*"
                echo "key: $OPENAI_API_KEY"
                printf '%s\\n' "$@" > cli-was-here.txt
                cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c '^OPENAI_API_KEY=cit-relay-' > relay-token-count.txt
                /usr/bin/python3 -c '
                import json, os, urllib.request
                request = urllib.request.Request(os.environ["OPENAI_BASE_URL"] + "/chat/completions", data=b"{}",
                    headers={"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"], "Content-Type": "application/json"})
                print("model said:", json.load(urllib.request.urlopen(request))["choices"][0]["message"]["content"])
                '
                """);
        codex.toFile().setExecutable(true, false);
        LLM.enqueue(Reply.json(200, openAiAnswer("hello from the provider")));
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "codex-" + UUID.randomUUID()).file("a.txt", "a\n").create();
        RecordingRun run = new RecordingRun(new TaskSpec(UUID.randomUUID().toString(), newUser(), "Fix it; rm -rf / $(id)",
                repo.url(), "codex", "gpt-5-codex"));

        TaskOutcome outcome = pipeline.run(run);

        Map<String, String> files = repo.files(outcome.branchName());
        assertThat(files.get("cli-was-here.txt"))
                .isEqualTo("exec\n--full-auto\n--skip-git-repo-check\nFix it; rm -rf / $(id)\n--model\ngpt-5-codex\n");
        assertThat(files.get("relay-token-count.txt")).as("the sandbox saw the relay token").isNotEqualTo("0\n");
        assertThat(files.values()).noneMatch(content -> content.contains(API_KEY));
        assertThat(run.commands()).containsExactly("codex (model gpt-5-codex) in /home/user/" + repo.directory().getFileName()
                .toString().replace(".git", ""));
        assertThat(run.text()).contains("key: ***").contains("args: exec --full-auto").contains("model said: hello from the provider")
                .contains("no key of the server enters the sandbox").doesNotContain(API_KEY).doesNotContain("cit-relay-");
        assertThat(LLM.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/chat/completions");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + API_KEY);
        });
        assertThat(logs.text()).doesNotContain(API_KEY);
    }

    @Test
    void theStepLimitStopsTheAgentAndNothingIsPushed() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "steps-" + UUID.randomUUID()).file("a.txt", "a\n").create();
        for (int i = 0; i < 6; i++) {
            LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("write_file", Map.of("path", "loop.txt", "content", "step " + i))))));
        }
        String user = newUser();
        RecordingRun run = new RecordingRun(spec(user, "Loop forever", repo.url(), null));

        assertThatThrownBy(() -> pipeline.run(run)).isInstanceOf(TaskFailedException.class)
                .hasMessage("The agent reached its step limit (5 steps) before finishing");
        assertThat(LLM.requests()).hasSize(5);
        assertThat(run.commands()).hasSize(5);
        assertThat(repo.branches()).containsExactly("main");
        assertThat(sandboxes.list(user)).isEmpty();
    }

    @Test
    void cancellationStopsARunningToolCallAndTheSandbox() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "cancel-" + UUID.randomUUID()).file("a.txt", "a\n").create();
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("run_command", Map.of("command", "sleep 600")),
                ToolCall.of("write_file", Map.of("path", "never.txt", "content", "x"))))));
        LLM.enqueue(Reply.json(200, openAiAnswer("never asked")));
        String user = newUser();
        AtomicReference<List<?>> sandboxesDuringCommand = new AtomicReference<>();
        AtomicReference<Throwable> userGetDuringCommand = new AtomicReference<>();
        RecordingRun run = new RecordingRun(spec(user, "Sleep", repo.url(), null), (r, line) -> {
            if (line.type() == TaskLogType.COMMAND && line.message().startsWith("run_command")) {
                sandboxesDuringCommand.set(sandboxes.list(user));
                String id = r.sandboxUrl.substring(r.sandboxUrl.lastIndexOf('/') + 1);
                try {
                    sandboxes.get(user, id);
                } catch (RuntimeException e) {
                    userGetDuringCommand.set(e);
                }
                r.cancelled = true; // the queue's cancel: the running command is destroyed at its next poll
            }
        });

        assertThatThrownBy(() -> pipeline.run(run)).isInstanceOf(TaskCancelledException.class);
        // finding 2: the task's sandbox is the task's; the user's sandbox routes do not reach it while it runs
        assertThat(sandboxesDuringCommand.get()).isEmpty();
        assertThat(userGetDuringCommand.get()).isInstanceOf(DomainException.class).hasMessageContaining("not found");
        assertThat(run.commands()).containsExactly("run_command {\"command\":\"sleep 600\"}");
        assertThat(LLM.requests()).hasSize(1);
        assertThat(repo.branches()).containsExactly("main");
        assertThat(sandboxes.list(user)).isEmpty();
    }

    @Test
    void cancellationAbortsAModelCallThatHangs() throws Exception {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "hang-" + UUID.randomUUID()).file("a.txt", "a\n").create();
        LLM.enqueue(Reply.of(200, "application/json", List.of()).thenSilence());
        String user = newUser();
        RecordingRun run = new RecordingRun(spec(user, "Wait for the model", repo.url(), null));
        java.util.concurrent.FutureTask<TaskOutcome> task = new java.util.concurrent.FutureTask<>(() -> pipeline.run(run));
        Thread.ofVirtual().start(task);
        while (LLM.requests().isEmpty() && !task.isDone()) {
            Thread.sleep(20);
        }
        run.cancelled = true;

        assertThatThrownBy(() -> task.get(60, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(TaskCancelledException.class);
        assertThat(LLM.requests()).hasSize(1);
        assertThat(sandboxes.list(user)).isEmpty();
        assertThat(repo.branches()).containsExactly("main");
    }

    @Test
    void theTokenBudgetStopsTheAgent() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "tokens-" + UUID.randomUUID()).file("a.txt", "a\n").create();
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("write_file", Map.of("path", "b.txt", "content", "b"))))
                .replace("\"total_tokens\":120", "\"total_tokens\":5000")));
        String user = newUser();

        assertThatThrownBy(() -> pipeline.run(new RecordingRun(spec(user, "Spend", repo.url(), null))))
                .isInstanceOf(TaskFailedException.class)
                .hasMessage("The agent used its token budget (5000 of 1000 tokens) before finishing");
        assertThat(repo.branches()).containsExactly("main");
    }

    @Test
    void anEmptyRepositoryGetsAFirstCommit() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "empty-" + UUID.randomUUID()).create();
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("write_file", Map.of("path", "README.md", "content", "# New\n"))))));
        LLM.enqueue(Reply.json(200, openAiAnswer("Started the project.")));
        RecordingRun run = new RecordingRun(spec(newUser(), "Start the project", repo.url(), null));

        TaskOutcome outcome = pipeline.run(run);

        assertThat(run.text()).contains("Cloned an empty repository");
        assertThat(repo.files(outcome.branchName())).containsExactly(Map.entry("README.md", "# New\n"));
        assertThat(repo.tip(outcome.branchName()).getParentCount()).isZero();
    }

    @Test
    void secretsNeverReachTheSandboxTheLogsOrTheCloneConfig() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "secret-" + UUID.randomUUID()).file("a.txt", "a\n").create();
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("run_command", Map.of("command",
                "env; cat /proc/self/environ | tr '\\0' '\\n'; grep -rl -e ghp_ -e sk-test /home/user /tmp /etc 2>/dev/null | head; echo done")),
                ToolCall.of("write_file", Map.of("path", "b.txt", "content", "b\n"))))));
        LLM.enqueue(Reply.json(200, openAiAnswer("ok")));
        String user = newUser();
        AtomicReference<String> cloneConfig = new AtomicReference<>();
        RecordingRun run = new RecordingRun(spec(user, "Look around", repo.url(), null), (r, line) -> {
            if (line.message().startsWith("Cloned")) {
                cloneConfig.set(readCloneConfigs());
            }
        });

        TaskOutcome outcome = pipeline.run(run);

        assertThat(outcome.branchName()).isNotNull();
        String toolResult = LLM.requests().get(1).body();
        assertThat(toolResult).contains("done").contains("HOME=/home/user")
                .doesNotContain(API_KEY).doesNotContain(GITHUB_TOKEN);
        assertThat(cloneConfig.get()).contains("[remote \"origin\"]").contains(repo.directory().getFileName().toString())
                .doesNotContain(GITHUB_TOKEN).doesNotContain(API_KEY);
        assertThat(logs.eventCount()).isPositive();
        assertThat(logs.text()).doesNotContain(API_KEY).doesNotContain(GITHUB_TOKEN);
        assertThat(run.text()).doesNotContain(API_KEY).doesNotContain(GITHUB_TOKEN);
        assertThat(repo.files(outcome.branchName()).values()).noneMatch(v -> v.contains(GITHUB_TOKEN) || v.contains(API_KEY));
        // the clone is removed when the task ends
        assertThat(readCloneConfigs()).isEmpty();
    }

    @Test
    void hooksAndLinksPlantedByTheAgentAreNeverActedOnByTheHost() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "hook-" + UUID.randomUUID()).file("a.txt", "a\n").create();
        Path marker = ROOT.resolve("hook-ran-" + UUID.randomUUID());
        String hook = "#!/bin/sh\\ntouch " + marker + "\\n";
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("run_command", Map.of("command",
                "mkdir -p .git/hooks .githooks && printf '" + hook + "' > .git/hooks/pre-commit && "
                        + "cp .git/hooks/pre-commit .git/hooks/post-commit && cp .git/hooks/pre-commit .git/hooks/pre-push && "
                        + "cp .git/hooks/pre-commit .githooks/pre-commit && chmod +x .git/hooks/* .githooks/* && "
                        + "printf '[core]\\n\\thooksPath = .githooks\\n[filter \"x\"]\\n\\tclean = sh .githooks/pre-commit\\n' > .git/config && "
                        + "printf '* filter=x\\n' > .gitattributes && "
                        + "ln -s /etc/hostname leak && ln -s / root-link && mkfifo pipe && echo changed > a.txt"))))));
        LLM.enqueue(Reply.json(200, openAiAnswer("planted")));
        String user = newUser();
        RecordingRun run = new RecordingRun(spec(user, "Plant hooks", repo.url(), null));

        TaskOutcome outcome = pipeline.run(run);

        assertThat(marker).doesNotExist();
        Map<String, String> files = repo.files(outcome.branchName());
        Map<String, String> modes = repo.modes(outcome.branchName());
        assertThat(files.keySet()).noneMatch(p -> p.startsWith(".git/") || p.contains("/.git/"))
                .contains(".githooks/pre-commit", ".gitattributes", "leak", "root-link").doesNotContain("pipe");
        // links are committed as links: their target text, never the content of what they point to on the host
        assertThat(files.get("leak")).isEqualTo("/etc/hostname");
        assertThat(modes.get("leak")).isEqualTo(org.eclipse.jgit.lib.FileMode.SYMLINK.toString());
        assertThat(files.get("root-link")).isEqualTo("/");
        // the filter of the agent's .gitattributes was not run on the content
        assertThat(files.get("a.txt")).isEqualTo("changed\n");
        assertThat(modes.get(".githooks/pre-commit")).isEqualTo(org.eclipse.jgit.lib.FileMode.EXECUTABLE_FILE.toString());
        assertThat(run.text()).contains("Not committed: pipe");
    }

    @Test
    void ignoredFilesAreLeftOutButTrackedOnesAreKept() {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "ignore-" + UUID.randomUUID())
                .file(".gitignore", "node_modules/\n*.log\n!keep.log\n").file("tracked.log", "old\n").create();
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("run_command", Map.of("command",
                "mkdir -p node_modules/pkg sub && echo x > node_modules/pkg/index.js && echo d > debug.log && echo k > keep.log "
                        + "&& echo new > tracked.log && echo s > sub/new.py && printf 'out/\\n' > sub/.gitignore "
                        + "&& mkdir -p sub/out && echo o > sub/out/o.txt && echo t > out.txt"))))));
        LLM.enqueue(Reply.json(200, openAiAnswer("done")));
        String user = newUser();

        TaskOutcome outcome = pipeline.run(new RecordingRun(spec(user, "Make noise", repo.url(), null)));

        assertThat(repo.files(outcome.branchName()).keySet())
                .containsExactlyInAnyOrder(".gitignore", "tracked.log", "keep.log", "sub/new.py", "sub/.gitignore", "out.txt");
        assertThat(repo.files(outcome.branchName())).containsEntry("tracked.log", "new\n");
    }

    /**
     * Security finding 3: the report's pathological pattern and long names (a backtracking matcher runs for
     * years on these) commit at once, and /api/health answers throughout.
     */
    @Test
    void aPathologicalGitignoreCommitsAtOnceAndTheApiStaysResponsive() throws Exception {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "redos-" + UUID.randomUUID()).file("README.md", "# x\n").create();
        String pattern = "*a".repeat(30) + "*b";
        LLM.enqueue(Reply.json(200, openAiToolCalls(List.of(ToolCall.of("run_command", Map.of("command",
                "printf '%s\\n' '" + pattern + "' '" + pattern + "/' > .gitignore && mkdir -p d && for n in 40 80 200; do "
                        + "touch \"$(head -c $n /dev/zero | tr '\\0' a)\" \"d/$(head -c $n /dev/zero | tr '\\0' a)\"; done"))))));
        LLM.enqueue(Reply.json(200, openAiAnswer("done")));
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean done = new AtomicBoolean();
        List<Long> healthMillis = new CopyOnWriteArrayList<>();
        Thread prober = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                long start = System.nanoTime();
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                    healthMillis.add(health.statusCode() == 200 ? (System.nanoTime() - start) / 1_000_000 : -1L);
                    Thread.sleep(100);
                } catch (Exception e) {
                    healthMillis.add(-1L);
                    return;
                }
            }
        });

        TaskOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> pipeline.run(new RecordingRun(spec(newUser(), "Name files", repo.url(), null))));
        done.set(true);
        prober.join();

        assertThat(repo.files(outcome.branchName()).keySet()).hasSize(8).contains(".gitignore", "README.md", "a".repeat(200));
        assertThat(healthMillis).isNotEmpty().allSatisfy(ms -> assertThat(ms).as("health answered in ms").isBetween(0L, 5_000L));
    }

    @Test
    void validateRejectsBadUrlsAgentsAndModels() {
        for (String url : List.of("file:///etc", "http://127.0.0.1:5432/x.git", "https://github.com@127.0.0.1/x.git",
                "ext::sh -c touch% /tmp/pwned", "--upload-pack=touch /tmp/pwned", "https://evil.example/a/b.git")) {
            assertThatThrownBy(() -> pipeline.validate(spec("u", "p", url, null))).as(url)
                    .isInstanceOf(DomainException.class).hasMessageStartingWith("repoUrl");
        }
        // every agent, in order, codingit (the default) first
        assertThatThrownBy(() -> pipeline.validate(spec("u", "p", null, "devin")))
                .hasMessage("selectedAgent must be one of: codingit, claude, codex, gemini, opencode, aider");
        assertThatThrownBy(() -> pipeline.validate(new TaskSpec(null, "u", "p", null, "codingit", "nope")))
                .hasMessageStartingWith("selectedModel must be a model id from GET /api/models or 'providerId:model'");
        assertThatThrownBy(() -> pipeline.validate(new TaskSpec(null, "u", "p", null, "claude", "x; rm -rf /")))
                .hasMessageStartingWith("selectedModel must be");
        pipeline.validate(new TaskSpec(null, "u", "p", "https://github.com/octo/hello.git", "codingit", "anthropic:claude-test"));
        pipeline.validate(new TaskSpec(null, "u", "p", null, "aider", "gpt-4o"));
    }

    private String readCloneConfigs() {
        Path clones = dataDir.resolve("tasks").resolve("clones");
        if (!Files.isDirectory(clones)) {
            return "";
        }
        try (Stream<Path> dirs = Files.list(clones)) {
            StringBuilder all = new StringBuilder();
            for (Path dir : dirs.toList()) {
                Path config = dir.resolve("config");
                if (Files.exists(config)) {
                    all.append(Files.readString(config));
                }
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TaskSpec spec(String user, String prompt, String repoUrl, String agent) {
        return new TaskSpec(UUID.randomUUID().toString(), user, prompt, repoUrl, agent == null ? "codingit" : agent, null);
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }
}
