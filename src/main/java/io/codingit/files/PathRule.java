package io.codingit.files;

/** The rules a {@link WorkspacePath} obeys; error messages name the one that was broken. */
public enum PathRule {
    REQUIRED("required"),
    NOT_EMPTY("not-empty"),
    NO_EMPTY_SEGMENTS("no-empty-segments"),
    NO_DOT_SEGMENTS("no-dot-segments"),
    NO_BACKSLASH("no-backslash"),
    NO_NUL("no-nul"),
    NO_CONTROL_CHARACTERS("no-control-characters"),
    NO_INVISIBLE_CHARACTERS("no-invisible-characters"),
    NO_LOOKALIKE_SEPARATORS("no-lookalike-separators"),
    VALID_UNICODE("valid-unicode"),
    NFC("unicode-nfc"),
    NO_EDGE_WHITESPACE("no-edge-whitespace"),
    MAX_LENGTH("max-length"),
    MAX_SEGMENT_BYTES("max-segment-bytes");

    private final String key;

    PathRule(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
