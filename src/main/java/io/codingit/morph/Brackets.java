package io.codingit.morph;

import java.util.List;

/**
 * How each line opens and closes brackets — {@code ()}, {@code []} and {@code {}}, each kind counted on its own —
 * outside string literals and comments, so that a whole file, or a file put together from pieces of the original
 * and of the update, can be checked for balance: no kind ever closes more than it opened, and every kind ends
 * where it began. Real code keeps its brackets balanced through an edit, so when the original balances, a reading
 * of a snippet that leaves them unbalanced has cut a block in two (deleted its header and kept its closing lines,
 * or the reverse).
 *
 * <p>The scan is per line and deliberately plain: a string literal ({@code '}, {@code "} or {@code `}) ends at its
 * closing quote or at the end of the line, {@code //} and a line starting with {@code #} end the code, {@code /* … *}{@code /}
 * within a line is skipped and a line starting with {@code *} or {@code /*} (a comment's body) counts nothing.
 * Whatever the scan gets wrong (a string over several lines, a regular expression) makes the original look
 * unbalanced, and then nothing is concluded from it.
 */
final class Brackets {

    private static final String OPEN = "([{";
    private static final String CLOSE = ")]}";

    /** Per line and bracket kind: the net count (opened minus closed) and the lowest running count within the line. */
    private final int[][] net;
    private final int[][] low;

    private Brackets(int[][] net, int[][] low) {
        this.net = net;
        this.low = low;
    }

    static Brackets of(List<String> lines) {
        int[][] net = new int[lines.size()][];
        int[][] low = new int[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            int[] count = new int[3];
            int[] least = new int[3];
            scan(lines.get(i), count, least);
            net[i] = count;
            low[i] = least;
        }
        return new Brackets(net, low);
    }

    private static void scan(String line, int[] count, int[] least) {
        String text = line.strip();
        if (text.startsWith("#") || text.startsWith("*") || text.startsWith("/*")) {
            return;
        }
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                return;
            }
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    return;
                }
                i = end + 2;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                i++;
                while (i < text.length() && text.charAt(i) != c) {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                continue;
            }
            int open = OPEN.indexOf(c);
            int close = CLOSE.indexOf(c);
            if (open >= 0) {
                count[open]++;
            } else if (close >= 0) {
                count[close]--;
                least[close] = Math.min(least[close], count[close]);
            }
            i++;
        }
    }

    /** Running counts after {@code lines} lines [from, to) of this text, from {@code depth}; false once one goes below zero. */
    boolean walk(int from, int to, int[] depth) {
        for (int i = from; i < to; i++) {
            for (int t = 0; t < 3; t++) {
                if (depth[t] + low[i][t] < 0) {
                    return false;
                }
                depth[t] += net[i][t];
            }
        }
        return true;
    }

    /**
     * Whether the text indents what its brackets enclose, as code does: of the lines that open more brackets than
     * they close, at least three in four are followed (blank lines aside) by a deeper-indented line or by a line that
     * closes more than it opens (an empty block). Text that balances its brackets but does not indent between them
     * (lines shuffled from a vocabulary of code) balances by chance, and its balance says nothing about an edit.
     */
    boolean indentsItsBlocks(List<String> lines) {
        int openers = 0;
        int indented = 0;
        for (int i = 0; i < net.length; i++) {
            if (net[i][0] + net[i][1] + net[i][2] <= 0) {
                continue;
            }
            openers++;
            int next = i + 1;
            while (next < net.length && lines.get(next).isBlank()) {
                next++;
            }
            if (next < net.length && (Indentation.depth(lines.get(next)) > Indentation.depth(lines.get(i))
                    || net[next][0] + net[next][1] + net[next][2] < 0)) {
                indented++;
            }
        }
        return 4 * indented >= 3 * openers;
    }


    /** Whether the whole text balances. */
    boolean balanced() {
        int[] depth = new int[3];
        return walk(0, net.length, depth) && depth[0] == 0 && depth[1] == 0 && depth[2] == 0;
    }
}
