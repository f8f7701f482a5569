package io.codingit.morph;

import java.util.List;

/**
 * Whether the trailing whitespace of a run whose lines are all matched is what the run changes. A snippet whose only
 * changes are whitespace is taken as written, but a model drifts on trailing whitespace (adds a space after a context
 * line, drops one): when the run also re-indents or re-spaces a line, that is its change, and trailing whitespace that
 * differs on the lines it leaves alone is drift. Only a run in which trailing whitespace is all that differs (a
 * release that strips it) is changing it.
 */
final class TrailingWhitespace {

    private TrailingWhitespace() {
    }

    /**
     * Whether every line of the run, matched to the original line {@code matches[i]}, equals that line once trailing
     * whitespace is set aside.
     */
    static boolean isAllThatChanges(List<String> lines, int[] matches, List<String> originalLines) {
        for (int i = 0; i < lines.size(); i++) {
            if (matches[i] < 0 || !lines.get(i).stripTrailing().equals(originalLines.get(matches[i]).stripTrailing())) {
                return false;
            }
        }
        return true;
    }

    /** Whether a matched line of the run has trailing whitespace its original line has not (drift: no edit adds it). */
    static boolean isAddedToAnyLine(List<String> lines, int[] matches, List<String> originalLines) {
        for (int i = 0; i < lines.size(); i++) {
            if (matches[i] >= 0 && !lines.get(i).isBlank()) {
                String line = lines.get(i);
                String original = originalLines.get(matches[i]);
                if (line.length() - line.stripTrailing().length() > original.length() - original.stripTrailing().length()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a non-blank line is its original line with the trailing whitespace taken off. */
    static boolean isStripped(String line, String originalLine) {
        return !line.isBlank() && line.equals(line.stripTrailing()) && !originalLine.equals(line)
                && originalLine.stripTrailing().equals(line);
    }
}
