package io.codingit.projects.internal;

import io.codingit.projects.ProjectException;

/**
 * What a project or chat name may be: one line of visible text. Control characters (line breaks, NUL,
 * escape sequences), bidirectional overrides (which make a name read differently from what it is) and
 * broken UTF-16 are refused, not stripped, so the name a client sends is the name it gets back.
 */
final class NameRules {
    private NameRules() {
    }

    /** The name without surrounding blanks, or 400 naming the field and the rule. */
    static String check(String field, String raw, int maxLength) {
        if (raw == null) {
            throw ProjectException.invalid(field + " is required");
        }
        String name = raw.strip();
        if (name.isEmpty()) {
            throw ProjectException.invalid(field + " must not be blank");
        }
        int length = name.codePointCount(0, name.length());
        if (length > maxLength) {
            throw ProjectException.invalid("name_too_long", field + " has " + length + " characters; at most "
                    + maxLength + " are allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    throw ProjectException.invalid("invalid_name", field + " contains a broken (unpaired surrogate) character");
                }
                i++;
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw ProjectException.invalid("invalid_name", field + " must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at position " + i + ")");
            }
            if (isBidiControl(c)) {
                throw ProjectException.invalid("invalid_name", field + " must not contain bidirectional control characters (found U+"
                        + String.format("%04X", (int) c) + ")");
            }
        }
        return name;
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }

    /** A title made from the first line of a message, cut to fit and cleaned of what {@link #check} refuses. */
    static String titleFrom(String text, int maxLength) {
        StringBuilder title = new StringBuilder();
        String firstLine = text.strip().lines().findFirst().orElse("");
        firstLine.codePoints().limit(Math.min(maxLength, 80)).forEach(cp -> {
            if (!Character.isISOControl(cp) && !(cp <= 0xFFFF && isBidiControl((char) cp))) {
                title.appendCodePoint(cp);
            }
        });
        String clean = title.toString().strip();
        return clean.isEmpty() ? "New chat" : clean;
    }
}
