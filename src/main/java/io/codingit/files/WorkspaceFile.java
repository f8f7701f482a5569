package io.codingit.files;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored entry. {@code content} is {@code null} for directories. {@code version} counts content
 * changes; together with the id it forms the {@link #etag() ETag}, so a file deleted and created
 * again never matches an old ETag.
 */
public record WorkspaceFile(UUID id, String userId, WorkspacePath path, boolean directory, byte[] content,
                            long sizeBytes, long version, Instant createdAt, Instant updatedAt) {

    public String name() {
        return path.name();
    }

    public String parentPath() {
        return path.parentValue();
    }

    /** A strong entity tag, quoted as HTTP wants it. */
    public String etag() {
        return "\"" + id + "-" + version + "\"";
    }
}
