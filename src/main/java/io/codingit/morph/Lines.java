package io.codingit.morph;

import java.util.ArrayList;
import java.util.List;

/** Line splitting and the whitespace-tolerant comparison form of a line. */
final class Lines {

    private Lines() {
    }

    /** Splits on LF, dropping a CR before it; a final line terminator does not yield an empty last line. */
    static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int length = text.length();
        while (start < length) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? length : newline;
            int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(text.substring(start, contentEnd));
            if (newline < 0) {
                break;
            }
            start = newline + 1;
        }
        return lines;
    }

    static boolean endsWithNewline(String text) {
        return !text.isEmpty() && text.charAt(text.length() - 1) == '\n';
    }

    /** CRLF when most of the text's line breaks are CRLF, LF otherwise. */
    static String lineSeparator(String text) {
        int lf = 0;
        int crlf = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            lf++;
            if (i > 0 && text.charAt(i - 1) == '\r') {
                crlf++;
            }
        }
        return crlf > 0 && crlf * 2 >= lf ? "\r\n" : "\n";
    }

    static boolean isBlank(String line) {
        return line.isBlank();
    }

    /** Trimmed, with every run of whitespace inside reduced to one space: the form lines are matched in. */
    static String collapseWhitespace(String line) {
        String stripped = line.strip();
        int length = stripped.length();
        StringBuilder collapsed = null;
        boolean previousSpace = false;
        for (int i = 0; i < length; i++) {
            char c = stripped.charAt(i);
            boolean space = Character.isWhitespace(c);
            if (space && (previousSpace || c != ' ') && collapsed == null) {
                collapsed = new StringBuilder(length).append(stripped, 0, i);
                if (previousSpace) {
                    continue;
                }
            }
            if (collapsed != null) {
                if (space) {
                    if (!previousSpace) {
                        collapsed.append(' ');
                    }
                } else {
                    collapsed.append(c);
                }
            }
            previousSpace = space;
        }
        return collapsed == null ? stripped : collapsed.toString();
    }
}
