package io.codingit.projects.internal;

import io.codingit.projects.ProjectException;
import io.codingit.projects.internal.ProjectRecords.Result;
import io.codingit.projects.internal.ProjectRecords.Version;
import io.codingit.sandbox.CodeRunner;
import io.codingit.sandbox.FragmentDependencies;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.WebPreviews;
import io.codingit.sandbox.spi.Sandbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Runs one fragment version in a new sandbox of the caller (or the caller's live sandbox it names), through the sandbox feature's public API, and
 * stores what came of it linked to that version: output, error and cell results, the images once each by
 * hash, and for a web template the preview's URL (shown while that sandbox lives).
 */
@Service
class VersionRunner {

    private final ProjectService projects;
    private final Sandboxes sandboxes;
    private final ObjectProvider<CodeRunner> codeRunner;
    private final ObjectProvider<WebPreviews> previews;
    private final JsonMapper json;
    private final FragmentDependencies dependencies;

    VersionRunner(ProjectService projects, Sandboxes sandboxes, ObjectProvider<CodeRunner> codeRunner,
                  ObjectProvider<WebPreviews> previews, JsonMapper json, FragmentDependencies dependencies) {
        this.projects = projects;
        this.dependencies = dependencies;
        this.sandboxes = sandboxes;
        this.codeRunner = codeRunner;
        this.previews = previews;
        this.json = json;
    }

    Result run(String userId, String projectId, int number) {
        return run(userId, projectId, number, null);
    }

    /**
     * As {@link #run(String, String, int)}, in the caller's sandbox {@code sbxId} when a run can go into it (live,
     * the caller's, of the version's template, not a web template: the same rule as {@code POST /api/sandbox}
     * with {@code sbxId}); the console passes its chat's sandbox, so a chat has one sandbox whether it runs a stored
     * version or a fragment. Otherwise a new sandbox, and the named one is left as it was.
     */
    Result run(String userId, String projectId, int number, String sbxId) {
        var project = projects.require(userId, projectId);
        Version version = projects.requireVersion(projectId, number);
        Fragments fragment = Fragments.parse(json, version.fragment(), Integer.MAX_VALUE);
        if (fragment.code() == null) {
            throw ProjectException.invalid("no_code", "version " + number + " has no code to run");
        }
        SandboxTemplate template = sandboxes.requireTemplate(fragment.template() != null ? fragment.template() : project.template());
        Sandbox reusable = reusable(userId, sbxId, template);
        Sandbox sandbox = reusable != null ? reusable : sandboxes.create(userId, template.id());
        try {
            installDependencies(sandbox, template, fragment.object());
            String path = sandbox.files().normalize(fragment.safeFilePath(template.defaultFile()));
            sandbox.files().write(path, fragment.code().getBytes(StandardCharsets.UTF_8));
            return store(projectId, number, template.port() != null
                    ? previewOutcome(sandbox, template)
                    : interpreterOutcome(sandbox, template, path, fragment.code()));
        } catch (RuntimeException e) {
            if (reusable == null) {
                sandbox.kill("the version it ran failed to start"); // a failed run in the caller's own sandbox leaves it as it was
            }
            throw e;
        }
    }

    private Sandbox reusable(String userId, String sbxId, SandboxTemplate template) {
        if (sbxId == null || sbxId.isBlank() || template.port() != null) {
            return null;
        }
        return sandboxes.list(userId).stream()
                .filter(s -> s.id().equals(sbxId) && s.templateId().equals(template.id()) && s.isAlive())
                .findFirst().orElse(null);
    }

    /** What a run produced, before it is stored. */
    private record Outcome(String sandboxId, String template, String previewUrl, String stdout, String stderr,
                           Object runtimeError, List<?> cellResults) {
    }

    private Outcome previewOutcome(Sandbox sandbox, SandboxTemplate template) {
        WebPreviews web = previews.getIfAvailable();
        if (web == null) {
            throw ProjectException.unavailable("previews_unavailable", "template " + template.id() + ": previews are not available on this server");
        }
        return new Outcome(sandbox.id(), template.id(), web.start(sandbox, template), null, null, null, List.of());
    }

    private Outcome interpreterOutcome(Sandbox sandbox, SandboxTemplate template, String path, String code) {
        CodeRunner runner = codeRunner.getIfAvailable();
        if (runner == null) {
            throw ProjectException.unavailable("interpreter_unavailable", "the code interpreter is not available on this server");
        }
        CodeRunner.CodeRunResult r = runner.run(sandbox, path, code);
        return new Outcome(sandbox.id(), template.id(), null, r.stdout(), r.stderr(), r.runtimeError(), r.cellResults());
    }

    private void installDependencies(Sandbox sandbox, SandboxTemplate template, JsonNode fragment) {
        List<String> packages = new java.util.ArrayList<>();
        fragment.path("additional_dependencies").forEach(p -> packages.add(p.asString("")));
        dependencies.install(sandbox, template, new FragmentDependencies.Request(
                fragment.path("has_additional_dependencies").asBoolean(false),
                fragment.path("install_dependencies_command").asString(""), packages), output -> { });
    }

    private Result store(String projectId, int number, Outcome outcome) {
        ResultImages.Extracted extracted = ResultImages.extract(json, outcome.cellResults());
        return projects.tx().execute(s -> {
            Instant now = projects.now();
            extracted.blobs().values().forEach(b -> projects.store().putBlob(projectId, b.sha256(), b.mediaType(), b.content(), now));
            Result result = new Result(ProjectService.newId(), number, outcome.sandboxId(), outcome.template(),
                    outcome.previewUrl(), outcome.stdout(), outcome.stderr(),
                    outcome.runtimeError() == null ? null : json.writeValueAsString(outcome.runtimeError()),
                    json.writeValueAsString(extracted.cells()), now);
            projects.store().insertResult(projectId, result, extracted.blobs().keySet());
            projects.store().touchProject(projectId, now);
            return result;
        });
    }

    /** The result's preview URL while its sandbox is running, else null. */
    String livePreviewUrl(String ownerId, Result result) {
        if (result.previewUrl() == null || result.sandboxId() == null) {
            return null;
        }
        try {
            return sandboxes.get(ownerId, result.sandboxId()).isAlive() ? result.previewUrl() : null;
        } catch (RuntimeException goneOrUnknown) {
            return null;
        }
    }
}
