package io.codingit.projects.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.projects.internal.ProjectRecords.Chat;
import io.codingit.projects.internal.ProjectRecords.Project;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Projects and their chats ({@code /api/projects}, {@code /api/projects/{id}/chats}). */
@RestController
@RequestMapping("/api/projects")
@RateLimited(RateLimitGroup.GENERAL)
@Tag(name = "Projects")
class ProjectsController {
    private final ProjectService projects;
    private final JsonMapper json;

    ProjectsController(ProjectService projects, JsonMapper json) {
        this.projects = projects;
        this.json = json;
    }

    record NameRequest(String name, String template) {
    }

    record TitleRequest(String title) {
    }

    @PostMapping
    @Operation(summary = "Create a project: {name, template}")
    ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal AuthenticatedUser user,
                                               @RequestBody(required = false) NameRequest request) {
        NameRequest r = request == null ? new NameRequest(null, null) : request;
        return ResponseEntity.status(HttpStatus.CREATED).body(ProjectViews.project(projects.create(user.id(), r.name(), r.template())));
    }

    @GetMapping
    @Operation(summary = "The caller's projects, most recently changed first; q searches names, cursor pages (limit 1-200)")
    Map<String, Object> list(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(required = false) String q,
                             @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        ProjectService.Page page = projects.list(user.id(), q, cursor, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("projects", page.projects().stream().map(ProjectViews::project).toList());
        out.put("nextCursor", page.nextCursor());
        return out;
    }

    @GetMapping("/{projectId}")
    @Operation(summary = "One project with its chats")
    Map<String, Object> get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId) {
        Project project = projects.require(user.id(), projectId);
        Map<String, Object> out = ProjectViews.project(project);
        out.put("chats", projects.chats(user.id(), projectId).stream().map(ProjectViews::chat).toList());
        return out;
    }

    @PatchMapping("/{projectId}")
    @Operation(summary = "Rename a project: {name}")
    Map<String, Object> rename(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                               @RequestBody(required = false) NameRequest request) {
        return ProjectViews.project(projects.rename(user.id(), projectId, request == null ? null : request.name()));
    }

    @DeleteMapping("/{projectId}")
    @Operation(summary = "Delete a project with its chats, versions, results, images and share links")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId) {
        projects.delete(user.id(), projectId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{projectId}/chats")
    @Operation(summary = "The project's chats, oldest first")
    Map<String, Object> chats(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId) {
        return Map.of("chats", projects.chats(user.id(), projectId).stream().map(ProjectViews::chat).toList());
    }

    @PostMapping("/{projectId}/chats")
    @Operation(summary = "Start a chat in the project: {title} (optional); POST /api/chat with projectId and chatId continues it")
    ResponseEntity<Map<String, Object>> createChat(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                                   @RequestBody(required = false) TitleRequest request) {
        Chat chat = projects.createChat(user.id(), projectId, request == null ? null : request.title());
        return ResponseEntity.status(HttpStatus.CREATED).body(ProjectViews.chat(chat));
    }

    @PatchMapping("/{projectId}/chats/{chatId}")
    @Operation(summary = "Rename a chat: {title}")
    Map<String, Object> renameChat(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                   @PathVariable String chatId, @RequestBody(required = false) TitleRequest request) {
        return ProjectViews.chat(projects.renameChat(user.id(), projectId, chatId, request == null ? null : request.title()));
    }

    @DeleteMapping("/{projectId}/chats/{chatId}")
    @Operation(summary = "Delete a chat and its messages (the project's versions stay)")
    ResponseEntity<Void> deleteChat(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                    @PathVariable String chatId) {
        projects.deleteChat(user.id(), projectId, chatId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{projectId}/chats/{chatId}/messages")
    @Operation(summary = "A chat's messages in order, each answer with its fragment and version number; after/limit page (limit 1-2000)")
    Map<String, Object> messages(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String projectId,
                                 @PathVariable String chatId, @RequestParam(required = false) Integer after,
                                 @RequestParam(required = false) Integer limit) {
        Chat chat = projects.requireChat(user.id(), projectId, chatId);
        List<Map<String, Object>> messages = projects.messages(user.id(), projectId, chatId, after, limit).stream()
                .map(m -> ProjectViews.message(json, projectId, m)).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chat", ProjectViews.chat(chat));
        out.put("messages", messages);
        return out;
    }
}
