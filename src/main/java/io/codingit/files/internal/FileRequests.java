package io.codingit.files.internal;

import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.List;

/** The request bodies of the Files API, as the contract names their fields. */
final class FileRequests {
    private FileRequests() {
    }

    record Create(@JsonDeserialize(using = StrictJson.Text.class) String path,
                  @JsonDeserialize(using = StrictJson.Flag.class) Boolean isDirectory,
                  @JsonDeserialize(using = StrictJson.Text.class) String content,
                  @JsonDeserialize(using = StrictJson.Text.class) String encoding) {
    }

    record UpdateContent(@JsonDeserialize(using = StrictJson.Text.class) String path,
                         @JsonDeserialize(using = StrictJson.Text.class) String content,
                         @JsonDeserialize(using = StrictJson.Text.class) String encoding) {
    }

    record Delete(@JsonDeserialize(using = StrictJson.Text.class) String path) {
    }

    record Batch(List<Create> files) {
    }

    record Move(@JsonDeserialize(using = StrictJson.Text.class) String from,
                @JsonDeserialize(using = StrictJson.Text.class) String to) {
    }
}
