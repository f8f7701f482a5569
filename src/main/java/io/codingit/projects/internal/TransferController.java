package io.codingit.projects.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.github.GitHubRepositories;
import io.codingit.projects.ProjectsProperties;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A project out of and into CodingIT: zip export and import, a workspace folder, a GitHub repository. */
@RestController
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Projects")
class TransferController {
    private final ProjectArchive archive;
    private final ProjectPublishing publishing;
    private final ProjectService projects;
    private final ProjectsProperties properties;

    TransferController(ProjectArchive archive, ProjectPublishing publishing, ProjectService projects) {
        this.archive = archive;
        this.publishing = publishing;
        this.projects = projects;
        this.properties = projects.properties();
    }

    record FolderRequest(String folder) {
    }

    record GitHubRequest(String folder, String repository, String description, Boolean isPrivate) {
    }

    @GetMapping(path = "/api/projects/{projectId}/export", produces = "application/zip")
    @Operation(summary = "The project as a zip: the current fragment's file, .codingit/project.json (chats, versions, results) and .codingit/blobs/")
    ResponseEntity<byte[]> export(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId) {
        var project = projects.require(user.id(), projectId);
        byte[] zip = ZipCodec.write(archive.contents(user.id(), projectId));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header("Content-Disposition", "attachment; filename=\"" + ProjectPublishing.folderName(project.name()) + ".zip\"")
                .header("Cache-Control", "no-store")
                .body(zip);
    }

    @PostMapping(path = "/api/projects/import", consumes = {"application/zip", "application/octet-stream"})
    @Operation(summary = "A new project from an exported zip (the body); nothing is stored unless all of it is valid")
    ResponseEntity<Map<String, Object>> importZip(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request)
            throws IOException {
        var contents = ZipCodec.read(request.getInputStream(), new ZipCodec.Limits(properties.maxImportBytes().toBytes(),
                properties.maxImportExpandedBytes().toBytes(), properties.maxImportEntries()));
        return ResponseEntity.status(HttpStatus.CREATED).body(ProjectViews.project(archive.importContents(user.id(), contents)));
    }

    @PostMapping("/api/projects/{projectId}/workspace")
    @Operation(summary = "Write the project into a new workspace folder: {folder} (default projects/<name>); 409 if it exists")
    ResponseEntity<Map<String, Object>> toWorkspace(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                                    @RequestBody(required = false) FolderRequest request) {
        ProjectPublishing.Folder folder = publishing.toWorkspace(user.id(), projectId, request == null ? null : request.folder());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folder", folder.folder());
        out.put("files", folder.files());
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @PostMapping("/api/projects/{projectId}/github")
    @RateLimited(RateLimitGroup.GITHUB)
    @Operation(summary = "Publish a workspace folder as a new GitHub repository of the caller: {folder, repository, description, isPrivate}")
    ResponseEntity<GitHubRepositories.CreatedRepository> toGitHub(@AuthenticationPrincipal AuthenticatedUser user,
                                                                 @PathVariable String projectId,
                                                                 @RequestBody(required = false) GitHubRequest request) {
        GitHubRequest r = request == null ? new GitHubRequest(null, null, null, null) : request;
        return ResponseEntity.status(HttpStatus.CREATED).body(publishing.toGitHub(user.id(), projectId, r.folder(),
                r.repository(), r.description(), r.isPrivate() == null || r.isPrivate()));
    }
}
