package io.codingit.morph;

import io.codingit.common.DomainException.Kind;

/**
 * What a file and a snippet must be before any engine sees them; each check is one linear pass.
 *
 * @param maxChars     the largest file or snippet, in characters ({@code codingit.morph.max-code-chars})
 * @param maxLineChars the longest line ({@code codingit.morph.max-line-chars}): the engine compares whole
 *                     lines, and a minified megabyte on one line is no file to edit by lines
 */
public record EditLimits(int maxChars, int maxLineChars) {

    public static final EditLimits DEFAULT = new EditLimits(2_000_000, 20_000);

    /** @throws EditInputException naming the first thing that is wrong */
    public void check(String original, String update) {
        if (original == null || original.isEmpty()) {
            throw new EditInputException(Kind.INVALID, "empty_code",
                    "the code is empty: there is nothing to apply an edit to (send the new file as the code's"
                            + " replacement instead)");
        }
        if (update == null || update.isBlank()) {
            throw new EditInputException(Kind.INVALID, "empty_update", "the update is empty");
        }
        checkText(original, "code");
        checkText(update, "update");
        if (!LazyEditEngine.hasCode(update)) {
            throw new EditInputException(Kind.INVALID, "update_only_markers",
                    "the update has no code, only \"... existing code ...\" markers and blank lines");
        }
    }

    private void checkText(String text, String what) {
        if (text.length() > maxChars) {
            throw new EditInputException(Kind.TOO_LARGE, what + "_too_large",
                    "the " + what + " has " + text.length() + " characters, more than the " + maxChars + " allowed");
        }
        int crlf = 0;
        int lf = 0;
        int lineStart = 0;
        int line = 1;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (i > 0 && text.charAt(i - 1) == '\r') {
                    crlf++;
                } else {
                    lf++;
                }
                checkLineLength(i - lineStart, line, what);
                lineStart = i + 1;
                line++;
            } else if (c == '\r') {
                if (i + 1 >= length || text.charAt(i + 1) != '\n') {
                    throw new EditInputException(Kind.INVALID, "mixed_line_endings", "the " + what
                            + " has a carriage return without a line feed on line " + line
                            + "; use LF or CRLF line endings");
                }
            } else if (c == 0 || (c < 0x20 && c != '\t' && c != '\f') || c == '\uFFFD') {
                throw new EditInputException(Kind.INVALID, "binary_content", "the " + what
                        + " looks binary: character U+" + String.format("%04X", (int) c) + " on line " + line
                        + "; only text can be edited by lines");
            }
        }
        checkLineLength(length - lineStart, line, what);
        if (crlf > 0 && lf > 0) {
            throw new EditInputException(Kind.INVALID, "mixed_line_endings", "the " + what + " mixes line endings ("
                    + crlf + " CRLF, " + lf + " LF); an edit would change the ones it does not touch, so normalise"
                    + " them first");
        }
    }

    private void checkLineLength(int chars, int line, String what) {
        if (chars > maxLineChars) {
            throw new EditInputException(Kind.TOO_LARGE, "line_too_long", "line " + line + " of the " + what + " has "
                    + chars + " characters, more than the " + maxLineChars + " allowed");
        }
    }
}
