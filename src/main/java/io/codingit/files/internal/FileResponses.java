package io.codingit.files.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.codingit.files.WorkspaceFile;

import java.util.List;

/**
 * The response bodies of the Files API. File objects use the contract's snake_case names and
 * ISO-8601 UTC timestamps; {@code encoding} appears only when content is base64.
 */
final class FileResponses {
    private FileResponses() {
    }

    record FileJson(String id,
                    @JsonProperty("user_id") String userId,
                    String path,
                    String name,
                    String content,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String encoding,
                    @JsonProperty("is_directory") boolean isDirectory,
                    @JsonProperty("parent_path") String parentPath,
                    @JsonProperty("size_bytes") long sizeBytes,
                    @JsonProperty("created_at") String createdAt,
                    @JsonProperty("updated_at") String updatedAt) {

        static FileJson of(WorkspaceFile file, ContentEncoding wanted) {
            ContentEncoding.Encoded content = ContentEncoding.encode(file.content(), wanted);
            return new FileJson(file.id().toString(), file.userId(), file.path().value(), file.name(),
                    content.content(), content.encoding(), file.directory(), file.parentPath(), file.sizeBytes(),
                    file.createdAt().toString(), file.updatedAt().toString());
        }
    }

    record Saved(boolean success, FileJson file) {
    }

    record Imported(boolean success, int imported, List<FileJson> files) {
    }

    record Moved(boolean success, FileJson file, int moved) {
    }

    record Deleted(boolean success) {
    }

    record Content(String content,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String encoding,
                   String path,
                   String name) {
    }

    /** The error body plus the paths that conflict, so a client can fix a batch in one go. */
    record Conflict(boolean error, String message, String code, List<String> conflicts) {
    }
}
