package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;
import java.util.List;

/**
 * Whether a text pairs its block comments: every {@code /*} is closed by a later {@code *}{@code /}, and no
 * {@code *}{@code /} closes a comment that was not opened (docs/morph.md, eighteenth pass (a)). A plain scan: text after
 * {@code //} outside a comment counts nothing; string literals are not told apart, so a text whose strings hold
 * these delimiters usually does not pair, and then nothing is read from it.
 */
final class BlockComments extends PassReader {

    BlockComments(Alignment alignment) {
        super(alignment);
    }

    /**
     * Refuses the placement when, in an original that pairs its block comments, a run's window gives a file that does
     * not: its reading deletes a comment's opening and keeps its closing (or the reverse), turning the rest of the
     * comment into code or code into comment. No snippet means that, so the reading is not the snippet's; a run whose
     * edge (a blank line, a closing brace) occurs on both sides of the comment's end reads both ways, and the
     * cheaper one, which deletes less, is the one that cuts the comment.
     */
    void rejectUnpairedComment(Window[] windows) throws EditNotPlaceableException {
        meter.add(n);
        if (!pairIn(originalLines, 0, 0, List.of())) {
            return;
        }
        for (int r = 0; r < runs.length; r++) {
            Segment run = runs[r];
            meter.add(n + run.length());
            List<String> lines = updateLines.subList(run.updateStart(), run.updateStart() + run.length());
            if (!pairIn(originalLines, windows[r].start(), windows[r].end(), lines)) {
                throw errors.unpairedComment(run);
            }
        }
    }

    /**
     * Whether the file made of original lines [0, start), the given run lines, then original lines [end, n) pairs
     * its block comments.
     */
    static boolean pairIn(List<String> original, int start, int end, List<String> run) {
        boolean[] inComment = {false};
        return walk(original, 0, start, inComment) && walk(run, 0, run.size(), inComment)
                && walk(original, end, original.size(), inComment) && !inComment[0];
    }

    /** Scans lines [from, to), carrying whether a comment is open; false when a comment is closed unopened. */
    private static boolean walk(List<String> lines, int from, int to, boolean[] inComment) {
        for (int i = from; i < to; i++) {
            String line = lines.get(i);
            int at = 0;
            while (at < line.length()) {
                if (inComment[0]) {
                    int close = line.indexOf("*/", at);
                    if (close < 0) {
                        break;
                    }
                    inComment[0] = false;
                    at = close + 2;
                } else {
                    int open = line.indexOf("/*", at);
                    int close = line.indexOf("*/", at);
                    int lineComment = line.indexOf("//", at);
                    if (close >= 0 && (open < 0 || close < open) && (lineComment < 0 || close < lineComment)) {
                        return false;
                    }
                    if (open < 0 || lineComment >= 0 && lineComment < open) {
                        break;
                    }
                    inComment[0] = true;
                    at = open + 2;
                }
            }
        }
        return true;
    }
}
