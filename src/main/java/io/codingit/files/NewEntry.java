package io.codingit.files;

import java.util.Objects;

/** A file (with its bytes) or a directory to create. */
public record NewEntry(WorkspacePath path, boolean directory, byte[] content) {
    public NewEntry {
        Objects.requireNonNull(path, "path");
        content = directory ? null : content == null ? new byte[0] : content;
    }

    public static NewEntry file(WorkspacePath path, byte[] content) {
        return new NewEntry(path, false, content);
    }

    public static NewEntry directory(WorkspacePath path) {
        return new NewEntry(path, true, null);
    }

    public long sizeBytes() {
        return directory ? 0 : content.length;
    }
}
