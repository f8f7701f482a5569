package io.codingit.files.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.files.FileNode;
import io.codingit.files.IfMatch;
import io.codingit.files.InvalidPathException;
import io.codingit.files.MoveResult;
import io.codingit.files.NewEntry;
import io.codingit.files.PathConflictException;
import io.codingit.files.WorkspaceFile;
import io.codingit.files.WorkspaceFiles;
import io.codingit.files.WorkspacePath;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.codingit.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/** The Files API of the contract; all work happens in {@link WorkspaceFiles}. */
@RestController
@RequestMapping(path = "/api/files", produces = MediaType.APPLICATION_JSON_VALUE)
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Files", description = "The caller's workspace: a tree of files and directories")
class FilesController {
    private final WorkspaceFiles files;

    FilesController(WorkspaceFiles files) {
        this.files = files;
    }

    @GetMapping
    @Operation(summary = "The workspace tree",
            description = "Directories first, then names in natural order; children only on directories.")
    List<FileNode> tree(@AuthenticationPrincipal AuthenticatedUser user) {
        return files.tree(user.id());
    }

    @PostMapping
    @Operation(summary = "Create a file or directory",
            description = "Missing parent directories are created. 201 with the file and its ETag; 409 if the path "
                    + "exists or lies under a file; 413 over a size or entry limit. Optional \"encoding\": \"base64\".")
    ResponseEntity<FileResponses.Saved> create(@AuthenticationPrincipal AuthenticatedUser user,
                                               @RequestBody FileRequests.Create request) {
        NewEntry entry = toEntry(required(request, "body"), "");
        WorkspaceFile created = files.create(user.id(), entry);
        return withEtag(ResponseEntity.status(HttpStatus.CREATED), created)
                .body(new FileResponses.Saved(true, FileResponses.FileJson.of(created, encodingOf(request))));
    }

    @DeleteMapping
    @Operation(summary = "Delete a file or a directory with everything under it",
            description = "The path comes in the JSON body ({\"path\": ...}) or, for clients that cannot send a "
                    + "body with DELETE, as the query parameter 'path'. 404 if missing.")
    FileResponses.Deleted delete(@AuthenticationPrincipal AuthenticatedUser user,
                                 @RequestBody(required = false) FileRequests.Delete request,
                                 @Parameter(description = "alternative to the body") @RequestParam(name = "path", required = false) String queryPath) {
        String raw = request != null && request.path() != null ? request.path() : queryPath;
        files.delete(user.id(), path("path", raw));
        return new FileResponses.Deleted(true);
    }

    @GetMapping("/content")
    @Operation(summary = "Read a file's content",
            description = "400 for a directory, 404 if missing. Content that is not UTF-8 (or any content when "
                    + "encoding=base64 is asked) comes as base64 with \"encoding\": \"base64\". Sends an ETag.")
    ResponseEntity<FileResponses.Content> read(@AuthenticationPrincipal AuthenticatedUser user,
                                               @RequestParam(name = "path", required = false) String rawPath,
                                               @RequestParam(name = "encoding", required = false) String encoding) {
        ContentEncoding wanted = ContentEncoding.parse("encoding", encoding);
        WorkspaceFile file = files.readFile(user.id(), path("path", rawPath));
        ContentEncoding.Encoded content = ContentEncoding.encode(file.content(), wanted);
        return withEtag(ResponseEntity.ok(), file)
                .body(new FileResponses.Content(content.content(), content.encoding(), file.path().value(), file.name()));
    }

    @PostMapping("/content")
    @Operation(summary = "Replace a file's content",
            description = "Honours If-Match: 412 when the file changed since the given ETag. 400 for a directory, "
                    + "404 if missing, 413 over a size limit.")
    ResponseEntity<FileResponses.Saved> update(@AuthenticationPrincipal AuthenticatedUser user,
                                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                               @RequestBody FileRequests.UpdateContent request) {
        required(request, "body");
        WorkspacePath path = path("path", request.path());
        ContentEncoding encoding = ContentEncoding.parse("encoding", request.encoding());
        byte[] content = encoding.decode("content", required(request.content(), "content"));
        WorkspaceFile updated = files.updateContent(user.id(), path, content, IfMatch.parse(ifMatch));
        return withEtag(ResponseEntity.ok(), updated)
                .body(new FileResponses.Saved(true, FileResponses.FileJson.of(updated, encoding)));
    }

    @PostMapping("/batch")
    @Operation(summary = "Import many files at once, all or nothing",
            description = "1 to 1000 entries. If any path exists, repeats or lies under a file: 409 listing them in "
                    + "'conflicts', and nothing is written.")
    ResponseEntity<FileResponses.Imported> importBatch(@AuthenticationPrincipal AuthenticatedUser user,
                                                       @RequestBody FileRequests.Batch request) {
        List<FileRequests.Create> entries = required(required(request, "body").files(), "files");
        List<NewEntry> parsed = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String field = "files[" + i + "]";
            parsed.add(toEntry(required(entries.get(i), field), field + "."));
        }
        List<WorkspaceFile> imported = files.importAll(user.id(), parsed);
        List<FileResponses.FileJson> json = new ArrayList<>(imported.size());
        for (int i = 0; i < imported.size(); i++) {
            json.add(FileResponses.FileJson.of(imported.get(i), encodingOf(entries.get(i))));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(new FileResponses.Imported(true, imported.size(), json));
    }

    @PatchMapping
    @Operation(summary = "Move or rename a file or a whole directory",
            description = "Atomic. Missing parents of the target are created. 404 if 'from' is missing, 409 if 'to' "
                    + "exists or lies under a file, 400 when moving a directory into itself.")
    ResponseEntity<FileResponses.Moved> move(@AuthenticationPrincipal AuthenticatedUser user,
                                             @RequestBody FileRequests.Move request) {
        required(request, "body");
        WorkspacePath from = path("from", request.from());
        WorkspacePath to = path("to", request.to());
        MoveResult result = files.move(user.id(), from, to);
        return withEtag(ResponseEntity.ok(), result.file())
                .body(new FileResponses.Moved(true, FileResponses.FileJson.of(result.file(), ContentEncoding.UTF8),
                        result.moved()));
    }

    @ExceptionHandler(PathConflictException.class)
    ResponseEntity<FileResponses.Conflict> conflict(PathConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_JSON)
                .body(new FileResponses.Conflict(true, e.getMessage(), e.code(), e.paths()));
    }

    private static NewEntry toEntry(FileRequests.Create request, String fieldPrefix) {
        WorkspacePath path = path(fieldPrefix + "path", request.path());
        if (Boolean.TRUE.equals(request.isDirectory())) {
            return NewEntry.directory(path);
        }
        ContentEncoding encoding = ContentEncoding.parse(fieldPrefix + "encoding", request.encoding());
        String content = request.content() == null ? "" : request.content();
        return NewEntry.file(path, encoding.decode(fieldPrefix + "content", content));
    }

    private static ContentEncoding encodingOf(FileRequests.Create request) {
        return ContentEncoding.parse("encoding", request.encoding());
    }

    private static WorkspacePath path(String field, String raw) {
        if (raw == null) {
            throw ApiException.badRequest("Field '" + field + "' is required");
        }
        try {
            return WorkspacePath.of(raw);
        } catch (InvalidPathException e) {
            throw e.inField(field);
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw ApiException.badRequest(field.equals("body") ? "A JSON request body is required"
                    : "Field '" + field + "' is required");
        }
        return value;
    }

    private static ResponseEntity.BodyBuilder withEtag(ResponseEntity.BodyBuilder builder, WorkspaceFile file) {
        return file.directory() ? builder : builder.eTag(file.etag());
    }
}
