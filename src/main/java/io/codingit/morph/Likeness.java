package io.codingit.morph;

/**
 * The likeness of two lines of code, from their text: whether a changed line may be read as standing in for an original
 * line it resembles (a version bumped, a call given one more argument). The alignment's second pass and the close-call
 * settling ask it; bounded work per pair of lines.
 */
final class Likeness {

    static final int LIKENESS_PERCENT = 60;
    static final int LIKENESS_MIN_CHARS = 4;
    static final int LIKENESS_SPAN = 256;

    private Likeness() {
    }

    /**
     * Whether an update line looks like an original line (both non-blank, {@link Alignment#alike}): what they share
     * at the start and at the end (trimmed, at most {@link #LIKENESS_SPAN} characters each way) is at least
     * {@link #LIKENESS_PERCENT} % of the longer one: {@code __version__ = "2.2.3.dev"} and {@code __version__ =
     * "2.2.3"}, a call with one more argument. Bounded work per cell.
     */
    static boolean alike(String updateLine, String originalLine) {
        String a = Lines.collapseWhitespace(updateLine);
        String b = Lines.collapseWhitespace(originalLine);
        int longer = Math.max(a.length(), b.length());
        if (Math.min(a.length(), b.length()) < LIKENESS_MIN_CHARS) {
            return false;
        }
        return (long) sharedEnds(a, b) * 100 >= (long) LIKENESS_PERCENT * Math.min(longer, 2 * LIKENESS_SPAN);
    }

    /** How many characters two lines share at the start and at the end, at most {@link #LIKENESS_SPAN} each way. */
    private static int sharedEnds(String a, String b) {
        int shorter = Math.min(a.length(), b.length());
        int prefix = 0;
        int limit = Math.min(shorter, LIKENESS_SPAN);
        while (prefix < limit && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        int suffixLimit = Math.min(shorter - prefix, LIKENESS_SPAN);
        while (suffix < suffixLimit && a.charAt(a.length() - 1 - suffix) == b.charAt(b.length() - 1 - suffix)) {
            suffix++;
        }
        return prefix + suffix;
    }

    /**
     * How many characters of the longer line (whitespace collapsed, at most 2 {@link #LIKENESS_SPAN}) lie outside
     * what the two lines share at the start and at the end: 1 for {@code NonEmptySet<T>? {} against {@code
     * NonEmptySet<T> {}. Of two lookalikes, the one a changed line differs least from is the one it edits.
     */
    static int difference(String updateLine, String originalLine) {
        String a = Lines.collapseWhitespace(updateLine);
        String b = Lines.collapseWhitespace(originalLine);
        int longer = Math.min(Math.max(a.length(), b.length()), 2 * LIKENESS_SPAN);
        return Math.max(0, longer - sharedEnds(a, b));
    }

    static final int TOKEN_PERCENT = 75;
    static final int TOKEN_MIN = 3;
    static final int TOKEN_SPAN = 512;
    static final int TOKEN_CAP = 32;

    /**
     * Whether two lines share their identifier and literal tokens (runs of letters, digits, {@code _} and {@code $},
     * read from the first {@link #TOKEN_SPAN} characters, at most {@link #TOKEN_CAP} each): the line with fewer has at
     * least {@link #TOKEN_MIN} of them, and at least {@link #TOKEN_PERCENT} % of them are found (each once) in the
     * other. Bounded work per pair of lines.
     */
    static boolean shareTokens(String updateLine, String originalLine) {
        String[] a = tokens(updateLine);
        String[] b = tokens(originalLine);
        String[] fewer = a.length <= b.length ? a : b;
        String[] more = a.length <= b.length ? b : a;
        if (fewer.length < TOKEN_MIN) {
            return false;
        }
        boolean[] used = new boolean[more.length];
        int found = 0;
        for (String token : fewer) {
            for (int j = 0; j < more.length; j++) {
                if (!used[j] && more[j].equals(token)) {
                    used[j] = true;
                    found++;
                    break;
                }
            }
        }
        return (long) found * 100 >= (long) TOKEN_PERCENT * fewer.length;
    }

    private static String[] tokens(String line) {
        java.util.List<String> tokens = new java.util.ArrayList<>();
        int limit = Math.min(line.length(), TOKEN_SPAN);
        int i = 0;
        while (i < limit && tokens.size() < TOKEN_CAP) {
            if (!isTokenChar(line.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < limit && isTokenChar(line.charAt(i))) {
                i++;
            }
            tokens.add(line.substring(start, i));
        }
        return tokens.toArray(String[]::new);
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
