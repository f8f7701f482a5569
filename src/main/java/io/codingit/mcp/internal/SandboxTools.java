package io.codingit.mcp.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.mcp.McpException;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.sandbox.CellResult;
import io.codingit.sandbox.CodeInterpreters;
import io.codingit.sandbox.Execution;
import io.codingit.sandbox.ExecutionListener;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.WebPreviews;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxFiles;
import io.codingit.sandbox.spi.SandboxPathException;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.codingit.mcp.internal.Tool.integer;
import static io.codingit.mcp.internal.Tool.schema;
import static io.codingit.mcp.internal.Tool.string;

/**
 * The sandbox tools. Each stands for a {@code /api/sandbox} route and draws from its budget (general); every
 * look-up goes through {@link Sandboxes} with the caller's id, so another user's sandbox is "not found" exactly
 * like an id that never existed.
 */
@Component
@Lazy
class SandboxTools {
    static final String INTERPRETER_TEMPLATE = "code-interpreter-v1";
    private static final long MAX_READ_BYTES = 5L * 1024 * 1024;
    private static final Set<String> TREE_SKIP = Set.of("node_modules");

    private final Sandboxes sandboxes;
    private final CodeInterpreters interpreters;
    private final ObjectProvider<WebPreviews> previews;
    private final ToolSpecifications specs;

    SandboxTools(Sandboxes sandboxes, CodeInterpreters interpreters, ObjectProvider<WebPreviews> previews,
                 ToolSpecifications specs) {
        this.sandboxes = sandboxes;
        this.interpreters = interpreters;
        this.previews = previews;
        this.specs = specs;
    }

    List<Tool> tools() {
        var sandbox = string("sandbox", "The sandbox id that create_sandbox returned");
        var path = string("path", "A path in the sandbox: absolute under /home/user, or relative to it");
        return List.of(
                new Tool("create_sandbox", "Create an isolated Linux sandbox (a writable /home/user, Python and "
                        + "Node) from a template and return its id. Templates: code-interpreter-v1 (default, a "
                        + "persistent Python interpreter for run_code), nextjs-developer, vue-developer, "
                        + "streamlit-developer, gradio-developer. It lives 10 minutes unless used.",
                        schema(List.of(string("template", "Template id; default code-interpreter-v1")), List.of()),
                        RateLimitGroup.GENERAL, false, this::create),
                new Tool("kill_sandbox", "Kill a sandbox and everything running in it; its files are gone.",
                        schema(List.of(sandbox), List.of("sandbox")), RateLimitGroup.GENERAL, false, this::kill),
                new Tool("run_code", "Run Python code as a notebook cell in the sandbox's persistent interpreter "
                        + "(variables survive between calls). Without a sandbox a new code-interpreter-v1 sandbox "
                        + "is created and its id returned. Returns E2B-shaped results (text, html, png charts, "
                        + "...), printed stdout/stderr and the error if any; charts come back as images.",
                        schema(List.of(string("sandbox", "The sandbox id; omit to create one"),
                                string("code", "The Python code to run"),
                                string("language", "Only 'python' is supported")), List.of("code")),
                        RateLimitGroup.GENERAL, false, this::runCode),
                new Tool("run_command", "Run a shell command (bash -lc) in the sandbox and return its stdout, "
                        + "stderr and exit code. Every process it started is killed when it ends or times out. "
                        + "Sends progress notifications while it runs when the request carries a progress token.",
                        schema(List.of(sandbox, string("command", "The command line, run by bash -lc"),
                                string("cwd", "Working directory; default /home/user"),
                                integer("timeout", "Seconds before the command is killed; default 60", 1, 3600)),
                                List.of("sandbox", "command")),
                        RateLimitGroup.GENERAL, false, this::runCommand),
                new Tool("list_files", "List the files and directories under a directory of the sandbox "
                        + "(default /home/user), recursively; node_modules is not descended into.",
                        schema(List.of(sandbox, string("path", "Directory; default /home/user")), List.of("sandbox")),
                        RateLimitGroup.GENERAL, true, this::listFiles),
                new Tool("read_file", "Read a text file of the sandbox (at most 5 MB).",
                        schema(List.of(sandbox, path), List.of("sandbox", "path")),
                        RateLimitGroup.GENERAL, true, this::readFile),
                new Tool("write_file", "Create or replace a text file in the sandbox, creating missing directories.",
                        schema(List.of(sandbox, path, string("content", "The file's new content")),
                                List.of("sandbox", "path", "content")),
                        RateLimitGroup.GENERAL, false, this::writeFile),
                new Tool("get_preview_url", "Start the web app of a web-template sandbox (nextjs-developer, "
                        + "vue-developer, streamlit-developer, gradio-developer) on its port and return the URL a "
                        + "browser opens it at.",
                        schema(List.of(sandbox, integer("port", "The template's port (3000 for Next.js, 8501 for "
                                + "Streamlit, ...)", 1, 65535)), List.of("sandbox", "port")),
                        RateLimitGroup.GENERAL, true, this::previewUrl));
    }

    record Created(String sandboxId, String template, Instant expiresAt) {
    }

    private Object create(ToolContext context) {
        String template = context.arguments().optionalString("template");
        Sandbox sandbox = sandboxes.create(context.userId(), template == null ? INTERPRETER_TEMPLATE : template);
        return new Created(sandbox.id(), sandbox.templateId(), sandbox.expiresAt());
    }

    private Object kill(ToolContext context) {
        String id = context.arguments().requiredString("sandbox");
        sandboxes.kill(context.userId(), id);
        return Map.of("killed", id);
    }

    /** The interpreter's outcome, E2B-shaped, with the sandbox it ran in. */
    record CodeRun(String sandboxId, List<CellResult> results, Execution.Logs logs, Object error,
                   Integer executionCount) {
    }

    private Object runCode(ToolContext context) {
        Arguments args = context.arguments();
        String code = args.requiredString("code");
        String language = args.optionalString("language");
        if (language != null && !language.equalsIgnoreCase("python")) {
            throw new McpException(Kind.INVALID,
                    "language '" + language + "' is not supported; run_code runs Python (use run_command for others)");
        }
        String id = args.optionalString("sandbox");
        Sandbox sandbox = id == null ? sandboxes.create(context.userId(), INTERPRETER_TEMPLATE)
                : sandboxes.get(context.userId(), id);
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onStdout(String text) {
                context.progress(text);
            }

            @Override
            public void onStderr(String text) {
                context.progress(text);
            }
        };
        Execution execution = context.runCancellable("cell",
                () -> interpreters.of(sandbox).execute(code, null, listener));
        return codeRunResult(new CodeRun(sandbox.id(), execution.results(), execution.logs(), execution.error(),
                execution.executionCount()));
    }

    /** Structured content as REST gives it; each image also as MCP image content, HTML and SVG as text. */
    private CallToolResult codeRunResult(CodeRun run) {
        CallToolResult base = specs.structured(run);
        List<McpSchema.Content> content = new ArrayList<>(base.content());
        for (CellResult result : run.results()) {
            if (result.png() != null) {
                content.add(new McpSchema.ImageContent(null, result.png(), "image/png"));
            }
            if (result.jpeg() != null) {
                content.add(new McpSchema.ImageContent(null, result.jpeg(), "image/jpeg"));
            }
        }
        return CallToolResult.builder().content(content).structuredContent(base.structuredContent())
                .isError(run.error() != null).build();
    }

    record CommandRun(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated) {
    }

    private Object runCommand(ToolContext context) {
        Arguments args = context.arguments();
        String command = args.requiredString("command");
        String cwd = args.optionalString("cwd");
        Integer timeout = args.optionalInteger("timeout", 1, 3600);
        Sandbox sandbox = sandboxes.get(context.userId(), args.requiredString("sandbox"));
        String directory = cwd == null ? Sandbox.HOME : files(sandbox, f -> f.normalize(cwd));
        Command run = new Command(List.of("bash", "-lc", command), directory, Map.of(),
                timeout == null ? null : Duration.ofSeconds(timeout));
        CommandResult result = context.runCancellable("command", () -> sandbox.run(run));
        return new CommandRun(result.exitCode(), result.stdout(), result.stderr(), result.timedOut(), result.truncated());
    }

    private Object listFiles(ToolContext context) {
        Arguments args = context.arguments();
        Sandbox sandbox = sandboxes.get(context.userId(), args.requiredString("sandbox"));
        String path = args.optionalString("path");
        return Map.of("files", files(sandbox, f -> f.tree(path == null ? Sandbox.HOME : f.normalize(path), TREE_SKIP)));
    }

    private Object readFile(ToolContext context) {
        Arguments args = context.arguments();
        Sandbox sandbox = sandboxes.get(context.userId(), args.requiredString("sandbox"));
        String path = args.requiredString("path");
        String normalized = files(sandbox, f -> f.normalize(path));
        byte[] content = files(sandbox, f -> f.read(normalized, MAX_READ_BYTES));
        return Map.of("path", normalized, "content", new String(content, StandardCharsets.UTF_8));
    }

    private Object writeFile(ToolContext context) {
        Arguments args = context.arguments();
        Sandbox sandbox = sandboxes.get(context.userId(), args.requiredString("sandbox"));
        String path = args.requiredString("path");
        byte[] content = args.requiredString("content").getBytes(StandardCharsets.UTF_8);
        String normalized = files(sandbox, f -> f.normalize(path));
        files(sandbox, f -> {
            f.write(normalized, content);
            return null;
        });
        return Map.of("path", normalized, "bytes", content.length);
    }

    private Object previewUrl(ToolContext context) {
        Arguments args = context.arguments();
        Sandbox sandbox = sandboxes.get(context.userId(), args.requiredString("sandbox"));
        int port = args.requiredInteger("port", 1, 65535);
        SandboxTemplate template = sandboxes.requireTemplate(sandbox.templateId());
        if (template.port() == null || template.port() != port) {
            throw new McpException(Kind.INVALID,
                    template.port() == null
                            ? "sandbox template " + template.id() + " serves no web app; use a web template"
                            : "the app of template " + template.id() + " serves on port " + template.port());
        }
        WebPreviews webPreviews = previews.getIfAvailable();
        if (webPreviews == null) {
            throw new McpException(Kind.UNAVAILABLE,
                    "previews are not available on this server");
        }
        return Map.of("url", webPreviews.start(sandbox, template), "port", port);
    }

    /** File access with the sandbox's path refusals as messages the model can act on. */
    private static <T> T files(Sandbox sandbox, Function<SandboxFiles, T> action) {
        try {
            return action.apply(sandbox.files());
        } catch (SandboxPathException e) {
            throw new McpException(switch (e.reason()) {
                case OUTSIDE_HOME, NOT_A_FILE -> Kind.INVALID;
                case NOT_FOUND -> Kind.NOT_FOUND;
                case TOO_LARGE -> Kind.TOO_LARGE;
            }, e.getMessage());
        }
    }
}
