package io.codingit.chat.internal;

/**
 * Passes on, as it streams, only the first top-level JSON object in the model's output: code
 * fences, prose before it and anything after its closing brace are dropped. Tracks strings and
 * escapes so that braces inside string values do not count. Not thread-safe; one per stream.
 */
final class JsonObjectExtractor {
    private enum State { BEFORE, INSIDE, AFTER }

    private State state = State.BEFORE;
    private int depth;
    private boolean inString;
    private boolean escaped;
    private final StringBuilder object = new StringBuilder();

    /**
     * The part of {@code chunk} that belongs to the object (possibly empty). That part is always one
     * run of the chunk (from the opening brace, or the chunk's start, to the closing brace or its end),
     * so it is returned as a substring: the chunk itself when all of it belongs, with no copy. This runs
     * once per streamed token; a builder per chunk was a measurable share of a stream's garbage.
     */
    String accept(String chunk) {
        int from = state == State.INSIDE ? 0 : chunk.length();
        int to = chunk.length();
        for (int i = 0; i < chunk.length() && state != State.AFTER; i++) {
            char c = chunk.charAt(i);
            if (state == State.BEFORE) {
                if (c != '{') {
                    continue;
                }
                state = State.INSIDE;
                from = i;
            }
            track(c);
            if (state == State.AFTER) {
                to = i + 1;
            }
        }
        if (from >= to) {
            return "";
        }
        String part = chunk.substring(from, to);
        object.append(part);
        return part;
    }

    private void track(char c) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            return;
        }
        switch (c) {
            case '"' -> inString = true;
            case '{', '[' -> depth++;
            case '}', ']' -> {
                depth--;
                if (depth == 0) {
                    state = State.AFTER;
                }
            }
            default -> { }
        }
    }

    /** Whether the object's closing brace has been seen. */
    boolean complete() {
        return state == State.AFTER;
    }

    /** Everything passed on so far. */
    String object() {
        return object.toString();
    }
}
