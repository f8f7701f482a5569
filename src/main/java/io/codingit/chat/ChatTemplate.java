package io.codingit.chat;

import io.codingit.sandbox.TemplateReadiness;

import java.util.List;

/**
 * A template the model may generate a fragment for ({@code GET /api/templates}).
 *
 * @param file         where the fragment's code goes
 * @param instructions what the template is for, as the model reads it in the system prompt
 * @param port         the port a web template serves on; null for the interpreter
 * @param ready        whether this server can run fragments of the template now
 * @param readiness    where the template's one-time preparation stands (status, progress, reason)
 * @param state        the same in words for a person: "ready", "prepared on first use (about 60 s)",
 *                     "being prepared (40 %)" or "not available on this server: reason"
 * @param isolation    the isolation level its sandboxes run at: {@code namespaces} or {@code gvisor}
 */
public record ChatTemplate(String id, String name, List<String> libraries, String file, String instructions,
                           Integer port, boolean ready, TemplateReadiness readiness, String state,
                           String isolation) {
    public ChatTemplate {
        libraries = libraries == null ? List.of() : List.copyOf(libraries);
    }
}
