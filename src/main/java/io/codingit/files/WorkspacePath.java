package io.codingit.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated path inside one user's workspace: relative, {@code /}-separated, NFC, at most
 * {@value #MAX_CHARACTERS} characters and {@value #MAX_BYTES} UTF-8 bytes, each segment at most
 * {@value #MAX_SEGMENT_BYTES} bytes, with no {@code .}/{@code ..} or empty segments, no backslash,
 * NUL, control, invisible or look-alike separator characters. The only normalisation is dropping
 * leading and trailing slashes ({@code "/src/"} is {@code "src"}); anything else that is not already
 * canonical is refused rather than silently rewritten, so the path a client sends is the path it
 * gets back. Every value is safe to {@link #resolveAgainst(Path) resolve} under a directory.
 */
public final class WorkspacePath implements Comparable<WorkspacePath> {
    public static final int MAX_CHARACTERS = 1024;
    /** Keeps (user, path) under PostgreSQL's B-tree entry limit whatever the script. */
    public static final int MAX_BYTES = 2048;
    public static final int MAX_SEGMENT_BYTES = 255;

    /** Characters that render like a slash or backslash but that NFKC does not map to one. */
    private static final Set<Integer> SEPARATOR_LOOKALIKES = Set.of(
            0x2044, 0x2215, 0x2216, 0x29F5, 0x29F8, 0x29F9, 0x27CB, 0x27CD, 0x2571, 0x2572, 0x3033, 0x30FB);
    /** Letters that render as nothing (Hangul and braille fillers). */
    private static final Set<Integer> BLANK_LETTERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800);

    private final String value;

    private WorkspacePath(String value) {
        this.value = value;
    }

    /** Validates {@code raw}; throws {@link InvalidPathException} naming the first rule broken. */
    public static WorkspacePath of(String raw) {
        if (raw == null) {
            throw new InvalidPathException(PathRule.REQUIRED, "a path is required");
        }
        String path = stripSlashes(raw);
        checkLength(raw, path);
        checkCharacters(raw);
        if (path.isEmpty()) {
            throw new InvalidPathException(PathRule.NOT_EMPTY, "the path is empty");
        }
        if (!Normalizer.isNormalized(path, Normalizer.Form.NFC)) {
            throw new InvalidPathException(PathRule.NFC, "'" + display(raw) + "' is not in Unicode NFC form");
        }
        for (String segment : path.split("/", -1)) {
            checkSegment(raw, segment);
        }
        return new WorkspacePath(path);
    }

    public String value() {
        return value;
    }

    /** The last segment. */
    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    public Optional<WorkspacePath> parent() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(new WorkspacePath(value.substring(0, slash)));
    }

    /** The parent's value, or {@code null} at the top level (the contract's {@code parent_path}). */
    public String parentValue() {
        return parent().map(WorkspacePath::value).orElse(null);
    }

    /** Every proper ancestor, outermost first: {@code a/b/c} gives {@code a}, {@code a/b}. */
    public List<WorkspacePath> ancestors() {
        List<WorkspacePath> result = new ArrayList<>();
        for (int i = value.indexOf('/'); i >= 0; i = value.indexOf('/', i + 1)) {
            result.add(new WorkspacePath(value.substring(0, i)));
        }
        return result;
    }

    public int depth() {
        return ancestors().size() + 1;
    }

    /** True for paths strictly below {@code other}: {@code src/a} is below {@code src}, {@code src2} is not. */
    public boolean isDescendantOf(WorkspacePath other) {
        return value.length() > other.value.length() && value.startsWith(other.value)
                && value.charAt(other.value.length()) == '/';
    }

    public boolean isSameOrDescendantOf(WorkspacePath other) {
        return equals(other) || isDescendantOf(other);
    }

    /** The path this one gets when {@code from} (itself or an ancestor) moves to {@code to}. */
    public WorkspacePath rebase(WorkspacePath from, WorkspacePath to) {
        if (!isSameOrDescendantOf(from)) {
            throw new IllegalArgumentException(value + " is not under " + from.value);
        }
        return of(to.value + value.substring(from.value.length()));
    }

    /** The file this path names under {@code root}; always inside {@code root}. */
    public Path resolveAgainst(Path root) {
        Path resolved = root.resolve(value).normalize();
        if (!resolved.startsWith(root.normalize())) {
            throw new IllegalStateException("path escaped its root");
        }
        return resolved;
    }

    @Override
    public int compareTo(WorkspacePath o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkspacePath other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    private static String stripSlashes(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) == '/') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) == '/') {
            end--;
        }
        return raw.substring(start, end);
    }

    private static void checkLength(String raw, String path) {
        if (path.codePointCount(0, path.length()) > MAX_CHARACTERS) {
            throw new InvalidPathException(PathRule.MAX_LENGTH,
                    "'" + display(raw) + "' is longer than " + MAX_CHARACTERS + " characters");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidPathException(PathRule.MAX_LENGTH,
                    "'" + display(raw) + "' is longer than " + MAX_BYTES + " bytes in UTF-8");
        }
    }

    private static void checkCharacters(String raw) {
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            PathRule broken = ruleBrokenBy(cp);
            if (broken != null) {
                throw new InvalidPathException(broken, "'" + display(raw) + "' contains "
                        + String.format("U+%04X", cp) + " at index " + i);
            }
            i += Character.charCount(cp);
        }
    }

    private static PathRule ruleBrokenBy(int cp) {
        if (cp == 0) {
            return PathRule.NO_NUL;
        }
        if (cp == '\\') {
            return PathRule.NO_BACKSLASH;
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return PathRule.NO_CONTROL_CHARACTERS;
        }
        if (type == Character.SURROGATE || isNoncharacter(cp)) {
            return PathRule.VALID_UNICODE;
        }
        if (type == Character.FORMAT || (type == Character.SPACE_SEPARATOR && cp != ' ') || BLANK_LETTERS.contains(cp)) {
            return PathRule.NO_INVISIBLE_CHARACTERS;
        }
        if (cp > 0x7F && (SEPARATOR_LOOKALIKES.contains(cp) || compatibilityFormHasSeparator(cp))) {
            return PathRule.NO_LOOKALIKE_SEPARATORS;
        }
        return null;
    }

    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    private static boolean compatibilityFormHasSeparator(int cp) {
        String folded = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKC);
        return folded.indexOf('/') >= 0 || folded.indexOf('\\') >= 0;
    }

    private static void checkSegment(String raw, String segment) {
        if (segment.isEmpty()) {
            throw new InvalidPathException(PathRule.NO_EMPTY_SEGMENTS, "'" + display(raw) + "' has an empty segment");
        }
        String folded = Normalizer.normalize(segment, Normalizer.Form.NFKC);
        if (folded.equals(".") || folded.equals("..")) {
            throw new InvalidPathException(PathRule.NO_DOT_SEGMENTS,
                    "'" + display(raw) + "' has a segment that is or looks like '" + folded + "'");
        }
        if (Character.isWhitespace(segment.codePointAt(0)) || segment.charAt(0) == ' '
                || Character.isWhitespace(segment.codePointBefore(segment.length()))
                || segment.charAt(segment.length() - 1) == ' ') {
            throw new InvalidPathException(PathRule.NO_EDGE_WHITESPACE,
                    "segment '" + display(segment) + "' starts or ends with whitespace");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new InvalidPathException(PathRule.MAX_SEGMENT_BYTES,
                    "a segment of '" + display(raw) + "' is longer than " + MAX_SEGMENT_BYTES + " bytes in UTF-8");
        }
    }

    /** The path as it can safely appear in a message: escaped, and cut short when long. */
    static String display(String raw) {
        StringBuilder out = new StringBuilder();
        raw.codePoints().limit(120).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.SURROGATE || cp == '\'') {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (raw.codePointCount(0, raw.length()) > 120) {
            out.append("…");
        }
        return out.toString();
    }
}
