package io.codingit.tasks.internal.agents;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.codingit.morph.CodeApplier;
import io.codingit.morph.EditInputException;
import io.codingit.morph.EditNotPlaceableException;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxFiles;
import io.codingit.sandbox.spi.SandboxPathException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The built-in agent's tools. Each works inside the sandbox only: files through the sandbox's confined
 * file access (paths must stay in the work tree), commands as the sandbox user with a timeout and capped
 * output. A tool never throws for a bad call: the model gets an "Error: ..." result and may try again.
 */
final class AgentTools {
    static final int MAX_READ = 256 * 1024;
    static final int MAX_RESULT = 24 * 1024;
    static final int MAX_LISTED = 500;
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "node_modules", "__pycache__", ".venv");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Sandbox sandbox;
    private final String workdir;
    private final CodeApplier applier;
    private final Duration commandTimeout;
    private final BooleanSupplier cancelled;

    AgentTools(Sandbox sandbox, String workdir, CodeApplier applier, Duration commandTimeout, BooleanSupplier cancelled) {
        this.sandbox = sandbox;
        this.workdir = workdir;
        this.applier = applier;
        this.commandTimeout = commandTimeout;
        this.cancelled = cancelled;
    }

    static List<ToolSpecification> specifications() {
        return List.of(
                tool("list_files", "List the files under a directory of the repository (recursively, .git and dependency folders skipped).",
                        JsonObjectSchema.builder().addStringProperty("path", "directory relative to the repository root; default: the root").build()),
                tool("read_file", "Read a text file of the repository.",
                        JsonObjectSchema.builder().addStringProperty("path", "file path relative to the repository root").required("path").build()),
                tool("write_file", "Create or replace a file with the given content.",
                        JsonObjectSchema.builder().addStringProperty("path", "file path relative to the repository root")
                                .addStringProperty("content", "the complete new content").required("path", "content").build()),
                tool("edit_file", "Edit an existing file with a lazy edit snippet: write only the changed lines with enough unchanged lines around them, "
                                + "and stand for unchanged code with a comment line such as '// ... existing code ...'.",
                        JsonObjectSchema.builder().addStringProperty("path", "file path relative to the repository root")
                                .addStringProperty("instruction", "one sentence saying what the edit does")
                                .addStringProperty("update", "the edit snippet").required("path", "update").build()),
                tool("search", "Search the repository's files for a regular expression (grep -E); returns matching lines with file and line number.",
                        JsonObjectSchema.builder().addStringProperty("pattern", "extended regular expression")
                                .addStringProperty("path", "directory or file to search; default: the root").required("pattern").build()),
                tool("run_command", "Run a shell command (bash) in the repository's directory inside the sandbox, e.g. tests or a build. "
                                + "The sandbox may have no network.",
                        JsonObjectSchema.builder().addStringProperty("command", "the command line").required("command").build()));
    }

    private static ToolSpecification tool(String name, String description, JsonObjectSchema parameters) {
        return ToolSpecification.builder().name(name).description(description).parameters(parameters).build();
    }

    /** Executes one call; the result text goes back to the model. */
    String execute(ToolExecutionRequest call) {
        JsonNode args;
        try {
            args = call.arguments() == null || call.arguments().isBlank() ? JSON.createObjectNode() : JSON.readTree(call.arguments());
        } catch (JacksonException e) {
            return "Error: the arguments are not valid JSON";
        }
        try {
            return switch (call.name() == null ? "" : call.name()) {
                case "list_files" -> listFiles(text(args, "path", false));
                case "read_file" -> readFile(text(args, "path", true));
                case "write_file" -> writeFile(text(args, "path", true), text(args, "content", true));
                case "edit_file" -> editFile(text(args, "path", true), text(args, "instruction", false), text(args, "update", true));
                case "search" -> search(text(args, "pattern", true), text(args, "path", false));
                case "run_command" -> runCommand(text(args, "command", true));
                default -> "Error: unknown tool '" + call.name() + "'; the tools are list_files, read_file, write_file, edit_file, search, run_command";
            };
        } catch (ToolError e) {
            return "Error: " + e.getMessage();
        } catch (SandboxPathException e) {
            return "Error: " + e.getMessage();
        }
    }

    private String listFiles(String path) {
        String dir = resolve(path == null ? "." : path);
        List<SandboxFiles.FileNode> tree = sandbox.files().tree(dir, SKIPPED_DIRECTORIES);
        List<String> lines = new ArrayList<>();
        collect(tree, lines);
        if (lines.isEmpty()) {
            return "(empty)";
        }
        String listed = String.join("\n", lines.subList(0, Math.min(lines.size(), MAX_LISTED)));
        return lines.size() > MAX_LISTED ? listed + "\n[" + (lines.size() - MAX_LISTED) + " more entries]" : listed;
    }

    private void collect(List<SandboxFiles.FileNode> nodes, List<String> out) {
        for (SandboxFiles.FileNode node : nodes) {
            String relative = node.path().startsWith(workdir + "/") ? node.path().substring(workdir.length() + 1) : node.path();
            out.add(node.isDirectory() ? relative + "/" : relative);
            if (node.children() != null) {
                collect(node.children(), out);
            }
        }
    }

    private String readFile(String path) {
        byte[] content = sandbox.files().read(resolve(path), MAX_READ);
        return cap(new String(content, StandardCharsets.UTF_8));
    }

    private String writeFile(String path, String content) {
        sandbox.files().write(resolve(path), content.getBytes(StandardCharsets.UTF_8));
        return "Wrote " + content.getBytes(StandardCharsets.UTF_8).length + " bytes to " + path;
    }

    private String editFile(String path, String instruction, String update) {
        String file = resolve(path);
        String original = new String(sandbox.files().read(file, MAX_READ), StandardCharsets.UTF_8);
        String merged;
        try {
            merged = applier.apply(instruction == null ? "" : instruction, original, update).merged();
        } catch (EditNotPlaceableException e) {
            return "Error: the edit could not be placed: " + e.getMessage() + ". Include more unchanged lines around the change, or use write_file.";
        } catch (EditInputException e) {
            return "Error: " + e.getMessage();
        } catch (RuntimeException e) {
            return "Error: the edit could not be applied; use write_file with the whole file instead";
        }
        sandbox.files().write(file, merged.getBytes(StandardCharsets.UTF_8));
        return "Edited " + path;
    }

    private String search(String pattern, String path) {
        String target = resolve(path == null ? "." : path);
        SandboxCommands.Result result = SandboxCommands.run(sandbox, new Command(List.of("grep", "-rnIE", "--exclude-dir=.git",
                "--exclude-dir=node_modules", "-e", pattern, "--", target), workdir, Map.of(), null), commandTimeout, MAX_RESULT, cancelled);
        if (result.exitCode() == 1) {
            return "No matches";
        }
        if (result.exitCode() != 0) {
            return "Error: " + cap(result.stderr().strip());
        }
        return cap(result.stdout().replace(workdir + "/", ""));
    }

    private String runCommand(String command) {
        SandboxCommands.Result result = SandboxCommands.run(sandbox, new Command(List.of("bash", "-lc", command), workdir,
                Map.of(), null), commandTimeout, MAX_RESULT, cancelled);
        StringBuilder out = new StringBuilder("exit code ").append(result.exitCode());
        if (result.timedOut()) {
            out.append(" (killed after ").append(commandTimeout.toSeconds()).append(" s)");
        }
        out.append("\nstdout:\n").append(result.stdout()).append("\nstderr:\n").append(result.stderr());
        return cap(out.toString());
    }

    /** A path inside the work tree, sandbox-absolute; relative paths start at the work tree; leaving it is an error. */
    String resolve(String path) {
        Path root = Path.of(workdir);
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new ToolError("the path must stay inside the repository (" + workdir + ")");
        }
        return resolved.toString();
    }

    private static String text(JsonNode args, String name, boolean required) {
        JsonNode value = args.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ToolError("missing argument '" + name + "'");
            }
            return null;
        }
        if (!value.isString()) {
            throw new ToolError("argument '" + name + "' must be a string");
        }
        return value.asString();
    }

    private static String cap(String text) {
        return text.length() <= MAX_RESULT ? text : text.substring(0, MAX_RESULT) + "\n[truncated: " + (text.length() - MAX_RESULT) + " more characters]";
    }

    /** A bad tool call, reported to the model. */
    static final class ToolError extends RuntimeException {
        ToolError(String message) {
            super(message);
        }
    }
}
