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
        // openBefore[c]: whether a comment is open where original line c starts (c = n: at the end)
        boolean[] openBefore = new boolean[n + 1];
        boolean[] inComment = {false};
        for (int c = 0; c < n; c++) {
            openBefore[c] = inComment[0];
            if (!walk(originalLines, c, c + 1, inComment)) {
                return;
            }
        }
        meter.add(n);
        if (inComment[0]) {
            return;
        }
        openBefore[n] = false;
        for (int r = 0; r < runs.length; r++) {
            Segment run = runs[r];
            List<String> lines = updateLines.subList(run.updateStart(), run.updateStart() + run.length());
            int end = windows[r].end();
            inComment[0] = openBefore[windows[r].start()];
            meter.add(run.length());
            boolean pairs = walk(lines, 0, lines.size(), inComment);
            if (pairs && inComment[0] != openBefore[end]) {
                // the rest of the file is read in another state than the original's: walked again
                meter.add(n - end);
                pairs = walk(originalLines, end, n, inComment) && !inComment[0];
            }
            if (!pairs) {
                throw errors.unpairedComment(run);
            }
        }
    }

    /** Scans lines [from, to), carrying whether a comment is open; false when a comment is closed unopened. */
    private static boolean walk(List<String> lines, int from, int to, boolean[] inComment) {
        for (int i = from; i < to; i++) {
            String line = lines.get(i);
            if (line.indexOf('/') < 0) {
                // no delimiter, no line comment: the state carries over
                continue;
            }
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
