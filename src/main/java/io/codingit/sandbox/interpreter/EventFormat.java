package io.codingit.sandbox.interpreter;

import org.springframework.http.MediaType;

import java.util.Map;

/**
 * How the sandbox routes stream events when the client asks for a stream ({@code Accept}): Server-Sent Events
 * ({@code event: <type>}) or newline-delimited JSON (a {@code type} field), for cells and for a fragment's run.
 */
public enum EventFormat {
    SSE(MediaType.TEXT_EVENT_STREAM), NDJSON_LINES(MediaType.parseMediaType("application/x-ndjson"));

    private final MediaType mediaType;

    EventFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    /** The streaming format the client asked for, or null for a plain JSON answer. */
    public static EventFormat negotiate(String accept) {
        if (accept == null) {
            return null;
        }
        for (MediaType type : MediaType.parseMediaTypes(accept)) {
            if (type.isWildcardType()) {
                continue;
            }
            if (type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
                return SSE;
            }
            if (type.isCompatibleWith(NDJSON_LINES.mediaType)) {
                return NDJSON_LINES;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return null;
            }
        }
        return null;
    }

    /** One event framed for the wire; {@code data} is the event as JSON, holding its {@code type}. */
    public String frame(Map<String, Object> event, String data) {
        return switch (this) {
            case SSE -> "event: " + event.get("type") + "\ndata: " + data + "\n\n";
            case NDJSON_LINES -> data + "\n";
        };
    }
}
