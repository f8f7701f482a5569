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

    /** The part of {@code chunk} that belongs to the object (possibly empty). */
    String accept(String chunk) {
        StringBuilder out = new StringBuilder(chunk.length());
        for (int i = 0; i < chunk.length() && state != State.AFTER; i++) {
            char c = chunk.charAt(i);
            if (state == State.BEFORE) {
                if (c != '{') {
                    continue;
                }
                state = State.INSIDE;
            }
            out.append(c);
            track(c);
        }
        object.append(out);
        return out.toString();
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
