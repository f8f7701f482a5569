package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;

/**
 * Where a changed line of a reading stands: the change block around it, the original lines deleted between the
 * matched lines before and after it. A changed line replaces a line only when it stands where that line is deleted;
 * a line deleted further on, past matched lines, is another change of the reading, not the one this line makes.
 */
final class ChangeBlocks {

    private ChangeBlocks() {
    }

    /**
     * Whether update line i of run, written anew in the window, stands in a change block that deletes an original
     * line sharing its tokens ({@link Alignment#sharesTokens}).
     */
    static boolean replacesALineSharingItsTokens(Alignment alignment, Segment run, Window window, int i) {
        int[] matches = window.matches();
        int before = i - 1;
        while (before >= 0 && matches[before] < 0) {
            before--;
        }
        int after = i + 1;
        while (after < matches.length && matches[after] < 0) {
            after++;
        }
        int from = before >= 0 ? matches[before] + 1 : window.start();
        int to = after < matches.length ? matches[after] : window.end();
        for (int c = from; c < to; c++) {
            if (alignment.sharesTokens(run, i, c)) {
                return true;
            }
        }
        return false;
    }
}
