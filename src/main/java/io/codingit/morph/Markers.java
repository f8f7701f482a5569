package io.codingit.morph;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises "elided code" marker lines: a comment in one of the usual syntaxes whose only content is
 * "... existing code ..." or a close variant models produce, case- and space-insensitive.
 */
final class Markers {

    private static final Pattern LINE_COMMENT = Pattern.compile("^(?://+|#+|--+|;+)(.*)$");
    private static final Pattern MARKER_TEXT = Pattern.compile(
            "^\\.{3}(?: ?(?:existing code|existing|rest of (?:the )?(?:code|file)|keep existing(?: code)?|unchanged code|remaining code)"
                    + "(?: here)? ?(?:\\.{3})?)?$");

    private Markers() {
    }

    static boolean isMarker(String line) {
        String text = line.strip();
        if (text.length() < 4 || text.length() > 80) {
            return false;
        }
        String inner = commentContent(text);
        if (inner == null) {
            return false;
        }
        // models sometimes write the typographic ellipsis instead of three dots
        String normalized = Lines.collapseWhitespace(inner.replace("\u2026", "...")).toLowerCase(Locale.ROOT);
        return MARKER_TEXT.matcher(normalized).matches();
    }

    /** The text inside the comment delimiters, or null when the line is not entirely one comment. */
    private static String commentContent(String text) {
        if (text.startsWith("{/*") && text.endsWith("*/}") && text.length() >= 6) {
            return text.substring(3, text.length() - 3);
        }
        if (text.startsWith("/*") && text.endsWith("*/") && text.length() >= 4) {
            return text.substring(2, text.length() - 2);
        }
        if (text.startsWith("<!--") && text.endsWith("-->") && text.length() >= 7) {
            return text.substring(4, text.length() - 3);
        }
        var lineComment = LINE_COMMENT.matcher(text);
        return lineComment.matches() ? lineComment.group(1) : null;
    }
}
