package io.codingit.tasks.internal.git;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Optional;
import java.util.Set;

/**
 * One line of a {@code .gitignore} (gitignore(5)), compiled to a RE2 expression: matching takes time linear
 * in the path's length whatever the pattern, unlike a backtracking glob matcher, for which a pattern such as
 * {@code *a*a*a*a*a*a*a*a*a*a*b} against a long name of {@code a}s runs for minutes (security finding 3).
 * <p>
 * As git: comments, {@code \} escapes, trailing spaces, {@code !} negation, a trailing {@code /} for
 * directories only, anchoring by a leading or middle {@code /}, {@code *} and {@code ?} (never matching
 * {@code /}), bracket expressions (with {@code !} or {@code ^} negation and POSIX classes), and {@code **} as
 * a leading {@code **}{@code /}, a trailing {@code /**} or a middle {@code /**}{@code /} (elsewhere it is
 * {@code *}). A line that is no valid pattern (an unterminated bracket, a trailing backslash) matches nothing.
 *
 * @param negated       a {@code !} pattern: a match re-includes the path
 * @param directoryOnly a pattern ending in {@code /}
 * @param anchored      matched against the whole path relative to the {@code .gitignore}'s directory,
 *                      else against the last path component
 */
record IgnorePattern(Pattern regex, boolean negated, boolean directoryOnly, boolean anchored) {
    /** Longer lines are not patterns anyone writes. */
    static final int MAX_LENGTH = 1024;
    private static final Set<String> POSIX_CLASSES = Set.of("alnum", "alpha", "blank", "cntrl", "digit", "graph",
            "lower", "print", "punct", "space", "upper", "xdigit");

    boolean matches(String relativePath, boolean directory) {
        if (directoryOnly && !directory) {
            return false;
        }
        String target = anchored ? relativePath : relativePath.substring(relativePath.lastIndexOf('/') + 1);
        return regex.matches(target);
    }

    /** The line's pattern; empty for blank lines, comments and invalid patterns. Callers bound the length. */
    static Optional<IgnorePattern> parse(String line) {
        String text = stripTrailingSpaces(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        if (text.isEmpty() || text.startsWith("#")) {
            return Optional.empty();
        }
        boolean negated = text.startsWith("!");
        if (negated) {
            text = text.substring(1);
        }
        boolean directoryOnly = text.endsWith("/");
        if (directoryOnly) {
            text = text.substring(0, text.length() - 1);
        }
        boolean anchored = text.indexOf('/') >= 0;
        if (text.startsWith("/")) {
            text = text.substring(1);
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            boolean finalNegated = negated;
            boolean finalDirectoryOnly = directoryOnly;
            return translate(text).map(regex -> new IgnorePattern(Pattern.compile(regex, Pattern.DOTALL), finalNegated,
                    finalDirectoryOnly, anchored));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /** Trailing spaces are dropped unless the last one is escaped with a backslash. */
    private static String stripTrailingSpaces(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            int backslashes = 0;
            for (int i = end - 2; i >= 0 && text.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                break;
            }
            end--;
        }
        return text.substring(0, end);
    }

    private static Optional<String> translate(String glob) {
        StringBuilder re = new StringBuilder();
        int n = glob.length();
        int i = 0;
        while (i < n) {
            char c = glob.charAt(i);
            if (c == '*') {
                int j = i;
                while (j < n && glob.charAt(j) == '*') {
                    j++;
                }
                boolean startsSegment = i == 0 || glob.charAt(i - 1) == '/';
                boolean endsSegment = j == n || glob.charAt(j) == '/';
                if (j - i >= 2 && startsSegment && endsSegment) {
                    if (j == n) {
                        re.append(".*");
                    } else {
                        re.append("(?:.*/)?");
                        j++;
                    }
                } else {
                    re.append("[^/]*");
                }
                i = j;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else if (c == '[') {
                int end = bracket(glob, i, re);
                if (end < 0) {
                    return Optional.empty();
                }
                i = end;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    return Optional.empty();
                }
                literal(glob.charAt(i + 1), re);
                i += 2;
            } else {
                literal(c, re);
                i++;
            }
        }
        return Optional.of(re.toString());
    }

    /** Appends the bracket expression starting at {@code start}; returns the index after it, or -1 when unterminated. */
    private static int bracket(String glob, int start, StringBuilder re) {
        int n = glob.length();
        int i = start + 1;
        StringBuilder cls = new StringBuilder("[");
        if (i < n && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            cls.append("^/");
            i++;
        }
        boolean first = true;
        while (i < n) {
            char c = glob.charAt(i);
            if (c == ']' && !first) {
                re.append(cls).append(']');
                return i + 1;
            }
            first = false;
            if (c == '[' && i + 1 < n && glob.charAt(i + 1) == ':') {
                int close = glob.indexOf(":]", i + 2);
                if (close < 0 || !POSIX_CLASSES.contains(glob.substring(i + 2, close))) {
                    return -1;
                }
                cls.append(glob, i, close + 2);
                i = close + 2;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    return -1;
                }
                classLiteral(glob.charAt(i + 1), cls);
                i += 2;
            } else if (c == '-' && cls.length() > 1 && i + 1 < n && glob.charAt(i + 1) != ']') {
                cls.append('-');
                i++;
            } else {
                classLiteral(c, cls);
                i++;
            }
        }
        return -1;
    }

    private static void literal(char c, StringBuilder re) {
        if ("\\.[]{}()<>*+-=!?^$|/".indexOf(c) >= 0) {
            re.append('\\');
        }
        re.append(c);
    }

    private static void classLiteral(char c, StringBuilder cls) {
        if ("\\[]^-".indexOf(c) >= 0) {
            cls.append('\\');
        }
        cls.append(c);
    }
}
