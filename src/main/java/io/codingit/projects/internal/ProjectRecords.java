package io.codingit.projects.internal;

import java.time.Instant;

/** Rows of the projects tables as the service sees them. */
final class ProjectRecords {
    private ProjectRecords() {
    }

    record Project(String id, String userId, String name, String template, Integer currentVersion,
                   Instant createdAt, Instant updatedAt) {
    }

    record Chat(String id, String projectId, String title, int messageCount, Instant createdAt, Instant updatedAt) {
    }

    /** @param attachments JSON array text, null when none; @param fragment the version's JSON (assistant messages) */
    record Message(int seq, String role, String status, String content, String attachments, Integer version,
                   String fragment, Instant createdAt) {
    }

    record Version(int number, String chatId, String source, Integer restoredFrom, String title, String template,
                   String filePath, String fragment, Instant createdAt) {
    }

    /** @param runtimeError and cellResults are JSON text (images replaced by blob references) */
    record Result(String id, int version, String sandboxId, String template, String previewUrl, String stdout,
                  String stderr, String runtimeError, String cellResults, Instant createdAt) {
    }

    record Blob(String sha256, String mediaType, byte[] content) {
    }

    record Share(String id, String projectId, int version, Instant createdAt, Instant revokedAt) {
        boolean active() {
            return revokedAt == null;
        }
    }

    /** A share with what the anonymous reader may see of its project: its owner (for the live sandbox). */
    record OpenShare(Share share, String ownerId) {
    }
}
