package io.codingit.morph;

/** Lines that read as a comment's text (docs/morph.md, sixteenth pass (c)). */
final class CommentText {

    private CommentText() {
    }

    /**
     * Whether {@code line} reads as a comment's text: it starts with {@code *}, {@code //}, {@code /*} or {@code #}
     * (a doc comment's body, a line comment). Prose is rewritten freely, so how many characters of it an edit keeps
     * says little about which comment it edits; code is edited in small steps.
     */
    static boolean is(String line) {
        String text = line.strip();
        return text.startsWith("*") || text.startsWith("//") || text.startsWith("/*") || text.startsWith("#");
    }
}
