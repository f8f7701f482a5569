package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import java.util.List;

/**
 * Whether a run's replacement is anchored only by blank lines on one side (docs/morph.md, "Sixteenth pass (b)"):
 * between the change block and a marker the run shows nothing but blank lines, and the line the block writes next
 * to them does not share its names with the line it deletes there. A marker keeps any number of original lines and
 * a blank line occurs all over a file, so nothing then says whether the block replaces the code after that blank
 * line or is new code after it, the code the marker keeps: the question the rule "a run's first line after a marker
 * must be matched" answers by refusing, one blank line further in. A written line that shares the deleted one's
 * names ({@link Likeness#shareTokens}: a renamed parameter, a statement rewrapped) is an edit of it.
 */
final class BlankContext {

    private BlankContext() {
    }

    /**
     * Whether the change block that deletes original lines [block[0], block[1]) and writes the run's lines
     * [block[2], block[3]) is separated from a marker by blank lines only, on a side where its line next to them
     * does not share names with the deleted line next to them.
     */
    static boolean unanchoredRewrite(Segment run, int[] block, List<String> updateLines, List<String> originalLines) {
        int from = block[2];
        int to = block[3];
        if (run.markerBefore() && from > 0 && allBlank(run.keys(), 0, from)
                && !rewritesLine(run, block, updateLines, originalLines, true)) {
            return true;
        }
        return run.markerAfter() && to < run.length() && allBlank(run.keys(), to, run.length())
                && !rewritesLine(run, block, updateLines, originalLines, false);
    }

    /** Whether the block's first (last) non-blank written line shares names with its first (last) deleted one. */
    private static boolean rewritesLine(Segment run, int[] block, List<String> updateLines, List<String> originalLines,
            boolean first) {
        String written = edgeLine(updateLines, run.updateStart() + block[2], run.updateStart() + block[3], first);
        String deleted = edgeLine(originalLines, block[0], block[1], first);
        return written != null && deleted != null && Likeness.shareTokens(written, deleted);
    }

    private static String edgeLine(List<String> lines, int from, int to, boolean first) {
        for (int k = 0; k < to - from; k++) {
            String line = lines.get(first ? from + k : to - 1 - k);
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    private static boolean allBlank(int[] keys, int from, int to) {
        for (int i = from; i < to; i++) {
            if (keys[i] != LineKeys.BLANK) {
                return false;
            }
        }
        return true;
    }
}
