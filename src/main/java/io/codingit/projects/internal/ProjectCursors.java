package io.codingit.projects.internal;

import io.codingit.projects.ProjectException;
import io.codingit.projects.internal.ProjectRecords.Project;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** The opaque {@code cursor} of the project list: the last row's (updated_at, id), base64url. */
final class ProjectCursors {
    private ProjectCursors() {
    }

    static String encode(Project last) {
        String raw = last.updatedAt().toString() + "|" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ProjectStore.ProjectCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new ProjectStore.ProjectCursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ProjectException.invalid("cursor is not one this server handed out");
        }
    }
}
