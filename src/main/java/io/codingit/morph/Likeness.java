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
        int shorter = Math.min(a.length(), b.length());
        if (shorter < LIKENESS_MIN_CHARS) {
            return false;
        }
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
        return (long) (prefix + suffix) * 100 >= (long) LIKENESS_PERCENT * Math.min(longer, 2 * LIKENESS_SPAN);
    }
}
