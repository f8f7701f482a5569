package io.codingit.tasks.internal.agents;

import io.codingit.llm.LlmProvider;
import io.codingit.llm.LlmRelay;
import io.codingit.sandbox.spi.Command;
import io.codingit.tasks.internal.TaskFailedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An agent CLI ({@code claude}, {@code codex}, {@code gemini}, {@code opencode}, {@code aider}) run
 * non-interactively inside the sandbox, in the work tree. The server's keys never enter the sandbox
 * (docs/security.md, finding 2): the CLI gets a token of the llm feature's model relay as its key and the
 * relay's address as its provider's base URL; the token serves only this task's owner and the CLI's
 * providers, charges the owner's llm budget per model call and dies with the task. A CLI missing from the
 * sandbox template fails the task naming the package that provides it; there is no fallback.
 */
public final class CliAgent implements CodingAgent {
    private static final int OUTPUT_CAP = 64 * 1024;
    private static final int LOGGED_LINES = 20;

    /**
     * One CLI.
     *
     * @param id           the {@code selectedAgent} value
     * @param executable   the program name looked up on the sandbox's PATH
     * @param install      how to install it into the sandbox template
     * @param providers    the providers it can use, in its order of preference (those the server holds keys for are relayed)
     * @param argv         the non-interactive command line for a prompt and a model (null: the CLI's default)
     */
    public record Spec(String id, String executable, String install, List<LlmProvider> providers,
                       Function<Invocation, List<String>> argv) {
    }

    /** What a command line is built from. */
    public record Invocation(String prompt, String model) {
    }

    /** The five CLIs and their non-interactive modes. */
    public static List<Spec> specs() {
        return List.of(
                new Spec("claude", "claude", "npm install -g @anthropic-ai/claude-code", List.of(LlmProvider.ANTHROPIC),
                        i -> withModel(List.of("claude", "-p", i.prompt(), "--dangerously-skip-permissions", "--output-format", "text"), "--model", i.model())),
                new Spec("codex", "codex", "npm install -g @openai/codex", List.of(LlmProvider.OPENAI),
                        i -> withModel(List.of("codex", "exec", "--full-auto", "--skip-git-repo-check", i.prompt()), "--model", i.model())),
                new Spec("gemini", "gemini", "npm install -g @google/gemini-cli", List.of(LlmProvider.GOOGLE),
                        i -> withModel(List.of("gemini", "--yolo", "-p", i.prompt()), "--model", i.model())),
                new Spec("opencode", "opencode", "npm install -g opencode-ai", List.of(LlmProvider.ANTHROPIC, LlmProvider.OPENAI, LlmProvider.GOOGLE),
                        i -> withModel(List.of("opencode", "run", i.prompt()), "--model", i.model())),
                new Spec("aider", "aider", "pip install aider-chat", List.of(LlmProvider.OPENAI, LlmProvider.ANTHROPIC, LlmProvider.GOOGLE),
                        i -> withModel(List.of("aider", "--yes-always", "--no-git", "--no-auto-commits", "--message", i.prompt()), "--model", i.model())));
    }

    private static List<String> withModel(List<String> argv, String flag, String model) {
        if (model == null) {
            return argv;
        }
        List<String> out = new ArrayList<>(argv);
        out.add(flag);
        out.add(model);
        return out;
    }

    /** Where the sandbox reaches the relay: its own loopback, which the sandbox's port forward carries to the host's. */
    static final String RELAY_HOST = "127.0.0.1";

    private final Spec spec;
    private final LlmRelay relay;
    private final String template;
    private final boolean sandboxHasNetwork;
    private final Duration timeout;

    /**
     * @param relay    the llm feature's model relay (holds the keys)
     * @param template the sandbox template, named in the "not installed" message
     */
    public CliAgent(Spec spec, LlmRelay relay, String template, boolean sandboxHasNetwork, Duration timeout) {
        this.spec = spec;
        this.relay = relay;
        this.template = template;
        this.sandboxHasNetwork = sandboxHasNetwork;
        this.timeout = timeout;
    }

    @Override
    public boolean needsModelRelay() {
        return true;
    }

    @Override
    public String id() {
        return spec.id();
    }

    /** The directories of a sandbox's PATH that it shares with the host (read-only): where a template's CLI is installed. */
    static final List<Path> SHARED_BIN_DIRECTORIES = List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"), Path.of("/bin"));

    /**
     * Installed (the executable is in a directory the sandboxes share with the host), a provider the server
     * holds a key for, and sandbox networking to reach the relay: the same checks a run makes, without a sandbox.
     */
    @Override
    public String unavailableReason() {
        if (SHARED_BIN_DIRECTORIES.stream().noneMatch(d -> Files.isExecutable(d.resolve(spec.executable())))) {
            return "not installed on this server: install it into the sandbox template with `" + spec.install() + "`";
        }
        if (relay.servable(spec.providers()).isEmpty()) {
            return "needs a model provider the server holds a key for: set "
                    + String.join(" or ", spec.providers().stream().flatMap(p -> p.apiKeyVariables().stream()).toList());
        }
        if (!sandboxHasNetwork) {
            return "needs sandbox networking (codingit.sandbox.egress=internet) to reach the server's model relay";
        }
        return null;
    }

    @Override
    public void validateModel(String model) {
        ModelSelection.checkShape(model);
    }

    @Override
    public void run(AgentContext context) {
        RedactingTaskRun run = context.run();
        SandboxCommands.Result found = SandboxCommands.run(context.sandbox(), new Command(List.of("bash", "-lc",
                "command -v " + spec.executable()), context.workdir(), Map.of(), null), Duration.ofSeconds(30), 4096, run::isCancelled);
        if (found.exitCode() != 0) {
            throw new TaskFailedException("The " + spec.id() + " CLI is not installed in the sandbox template '" + template
                    + "'. Install it into the template with `" + spec.install() + "`, or choose the built-in agent 'codingit'.");
        }
        List<LlmProvider> providers = relay.servable(spec.providers());
        if (providers.isEmpty()) {
            throw new TaskFailedException("The " + spec.id() + " CLI needs a model provider the server holds a key for: set "
                    + String.join(" or ", spec.providers().stream().flatMap(p -> p.apiKeyVariables().stream()).toList()) + " on the server");
        }
        if (!sandboxHasNetwork) {
            throw new TaskFailedException("The " + spec.id() + " CLI reaches its model through the server's relay, which needs "
                    + "sandbox networking (codingit.sandbox.egress=internet); choose the built-in agent 'codingit' instead");
        }
        // Through a login shell, as the lookup above, so that PATH additions of the template's ~/.profile
        // (pip --user, npm prefixes) apply; the prompt and model stay separate arguments ("$@"), never shell text.
        List<String> argv = new ArrayList<>(List.of("bash", "-lc", "exec \"$0\" \"$@\""));
        argv.addAll(spec.argv().apply(new Invocation(context.prompt(), context.model())));
        run.command(spec.executable() + (context.model() == null ? "" : " (model " + context.model() + ")") + " in " + context.workdir());
        SandboxCommands.Result result;
        try (LlmRelay.Grant grant = relay.open(run.spec().userId(), providers, timeout.plusMinutes(1))) {
            run.addSecret(grant.token());
            run.info("Model calls go through the server's relay (" + String.join(", ", providers.stream().map(LlmProvider::id).toList())
                    + "); no key of the server enters the sandbox");
            result = SandboxCommands.run(context.sandbox(), new Command(argv, context.workdir(), grant.environment(RELAY_HOST), null),
                    timeout, OUTPUT_CAP, run::isCancelled);
        }
        for (String line : lastLines(result.stdout(), LOGGED_LINES)) {
            run.info(line);
        }
        if (result.timedOut()) {
            throw new TaskFailedException("The " + spec.id() + " CLI did not finish within " + timeout.toMinutes() + " minutes");
        }
        if (result.exitCode() != 0) {
            List<String> err = lastLines(result.stderr(), 1);
            throw new TaskFailedException("The " + spec.id() + " CLI exited with code " + result.exitCode()
                    + (err.isEmpty() ? "" : ": " + run.redact(BuiltInAgent.shorten(err.getFirst(), 300))));
        }
    }

    private static List<String> lastLines(String text, int n) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size()).stream().map(l -> BuiltInAgent.shorten(l, 500)).toList();
    }
}
