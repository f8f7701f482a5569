package io.codingit.mcp.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.common.UnifiedDiff;
import io.codingit.files.WorkspaceFiles;
import io.codingit.files.WorkspacePath;
import io.codingit.mcp.McpException;
import io.codingit.morph.AppliedEdit;
import io.codingit.morph.CodeApplier;
import io.codingit.ratelimit.RateLimitGroup;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.codingit.mcp.internal.Tool.schema;
import static io.codingit.mcp.internal.Tool.string;

/**
 * {@code apply_edit}: the morph engine merges a lazy edit snippet into a workspace file (written back) or into
 * code given inline (returned). The diff is in the result; a snippet the engine cannot place with certainty is a
 * tool error carrying the engine's reason. Stands for {@code POST /v1/chat/completions} (general budget); an
 * engine that calls a model charges the caller's llm budget as there.
 */
@Component
@Lazy
class EditTool {
    private final CodeApplier applier;
    private final WorkspaceFiles files;
    private final WorkspaceTools workspace;

    EditTool(CodeApplier applier, WorkspaceFiles files, WorkspaceTools workspace) {
        this.applier = applier;
        this.files = files;
        this.workspace = workspace;
    }

    Tool tool() {
        return new Tool("apply_edit", "Apply a lazy edit to a file of your workspace (path) or to code you pass "
                + "(code): write only the changed lines with enough unchanged lines around them to place them, "
                + "and mark skipped parts with a comment such as '// ... existing code ...'. Returns the unified "
                + "diff (and the merged code when code was given); a workspace file is saved. An edit that cannot "
                + "be placed with certainty is refused with the reason.",
                schema(List.of(string("path", "A workspace file to edit (give path or code)"),
                        string("code", "The current code to edit (give path or code)"),
                        string("update", "The edit snippet"),
                        string("instruction", "One sentence saying what the edit does")), List.of("update")),
                RateLimitGroup.GENERAL, false, this::apply);
    }

    private Object apply(ToolContext context) {
        Arguments args = context.arguments();
        String pathArgument = args.optionalString("path");
        String code = args.optionalString("code");
        String update = args.requiredString("update");
        String instruction = args.optionalString("instruction");
        if ((pathArgument == null) == (code == null)) {
            throw new McpException(Kind.INVALID, "give exactly one of 'path' (a workspace file) and 'code'");
        }
        WorkspacePath path = pathArgument == null ? null : WorkspacePath.of(pathArgument);
        String original = path == null ? code
                : new String(files.readFile(context.userId(), path).content(), StandardCharsets.UTF_8);
        AppliedEdit edit = applier.forUser(context.userId()).apply(instruction == null ? "" : instruction, original, update);
        String name = path == null ? "code" : path.value();
        UnifiedDiff.Result diff = UnifiedDiff.unified(name, original, name, edit.merged());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("engine", edit.engine());
        result.put("diff", diff.text());
        result.put("added", diff.added());
        result.put("removed", diff.removed());
        if (path == null) {
            result.put("merged", edit.merged());
        } else {
            result.put("path", path.value());
            result.put("version", workspace.write(context.userId(), path,
                    edit.merged().getBytes(StandardCharsets.UTF_8)).version());
        }
        return result;
    }
}
