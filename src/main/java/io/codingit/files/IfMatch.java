package io.codingit.files;

import java.util.Arrays;
import java.util.List;

/**
 * An {@code If-Match} precondition: absent (always holds), {@code *} (holds for any existing file),
 * or a list of entity tags compared strongly, so weak tags ({@code W/"..."}) never match.
 */
public record IfMatch(boolean present, boolean any, List<String> etags) {
    public static final IfMatch NONE = new IfMatch(false, false, List.of());

    public static IfMatch parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        if (header.trim().equals("*")) {
            return new IfMatch(true, true, List.of());
        }
        return new IfMatch(true, false, Arrays.stream(header.split(",")).map(String::trim)
                .filter(t -> !t.isEmpty()).toList());
    }

    public boolean holdsFor(WorkspaceFile file) {
        return !present || any || etags.contains(file.etag());
    }
}
