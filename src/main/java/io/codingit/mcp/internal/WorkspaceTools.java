package io.codingit.mcp.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.files.FilesException;
import io.codingit.files.IfMatch;
import io.codingit.files.NewEntry;
import io.codingit.files.WorkspaceFile;
import io.codingit.files.WorkspaceFiles;
import io.codingit.files.WorkspacePath;
import io.codingit.ratelimit.RateLimitGroup;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.codingit.mcp.internal.Tool.schema;
import static io.codingit.mcp.internal.Tool.string;

/** The workspace tools: the caller's own files as {@code /api/files} serves them (general budget). */
@Component
@Lazy
class WorkspaceTools {
    private final WorkspaceFiles files;

    WorkspaceTools(WorkspaceFiles files) {
        this.files = files;
    }

    List<Tool> tools() {
        var path = string("path", "A workspace path: relative, '/'-separated, e.g. src/app.py");
        return List.of(
                new Tool("workspace_list_files", "List every file and directory of your CodingIT workspace "
                        + "(files kept on the server, also shown as file:// resources).",
                        schema(List.of(), List.of()), RateLimitGroup.GENERAL, true, this::list),
                new Tool("workspace_read_file", "Read a text file of your workspace.",
                        schema(List.of(path), List.of("path")), RateLimitGroup.GENERAL, true, this::read),
                new Tool("workspace_write_file", "Create or replace a text file of your workspace, creating "
                        + "missing directories.",
                        schema(List.of(path, string("content", "The file's new content")), List.of("path", "content")),
                        RateLimitGroup.GENERAL, false, this::write));
    }

    private Object list(ToolContext context) {
        return Map.of("files", files.tree(context.userId()));
    }

    private Object read(ToolContext context) {
        WorkspaceFile file = files.readFile(context.userId(), WorkspacePath.of(context.arguments().requiredString("path")));
        return Map.of("path", file.path().value(), "content", new String(file.content(), StandardCharsets.UTF_8),
                "version", file.version());
    }

    private Object write(ToolContext context) {
        WorkspacePath path = WorkspacePath.of(context.arguments().requiredString("path"));
        byte[] content = context.arguments().requiredString("content").getBytes(StandardCharsets.UTF_8);
        WorkspaceFile written = write(context.userId(), path, content);
        return Map.of("path", written.path().value(), "bytes", written.sizeBytes(), "version", written.version());
    }

    /** Replaces the file's content, or creates it when there is none yet. */
    WorkspaceFile write(String userId, WorkspacePath path, byte[] content) {
        try {
            return files.updateContent(userId, path, content, IfMatch.NONE);
        } catch (FilesException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
            return files.create(userId, NewEntry.file(path, content));
        }
    }
}
