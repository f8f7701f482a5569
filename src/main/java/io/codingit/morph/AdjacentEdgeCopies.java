package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;
import io.codingit.morph.CloseCalls.Reading;
import java.util.List;

/**
 * A settling rule of a close call (eighteenth pass (b), docs/morph.md): a run whose edge line next to a marker stands
 * twice or more in a row in the original. {@code () => observer.getCurrentResult(),} written once after a marker, in a
 * file that has it on two lines in a row, matches either copy; matching the first deletes the second, a deletion the
 * snippet does not show (the marker before it keeps lines, it shows none deleted). When the close readings differ only
 * in that — each other reading's window is the kept one's, widened on the marker's side by copies of the edge line
 * alone, which it deletes — the one deleting fewest is taken. The blank-edge rule ({@link CloseCalls#fewestDeletions})
 * does the same for a blank edge line, whose readings may go on deleting other lines; here the extra lines are the
 * edge line itself and nothing else.
 */
final class AdjacentEdgeCopies {

    private AdjacentEdgeCopies() {
    }

    /** The reading to take, or null when the readings differ in more than deleting copies of an edge line. */
    static Reading settle(Alignment alignment, int r, List<Reading> readings) {
        if (readings.size() < 2) {
            return null;
        }
        Reading fewest = readings.stream().min(java.util.Comparator.comparingInt(Reading::deleted)).orElseThrow();
        for (Reading other : readings) {
            if (other != fewest && !widenedByEdgeCopies(alignment, r, fewest, other)) {
                return null;
            }
        }
        return fewest;
    }

    /**
     * Whether the other reading is the kept window with copies of the run's edge line added on one marker side and
     * deleted, matching as many lines: the lines it deletes beyond the kept reading's are those copies alone.
     */
    private static boolean widenedByEdgeCopies(Alignment alignment, int r, Reading fewest, Reading other) {
        Segment run = alignment.runs[r];
        Window kept = fewest.windows()[r];
        Window window = other.windows()[r];
        int from;
        int to;
        int key;
        if (window.end() == kept.end() && window.start() < kept.start() && run.markerBefore()) {
            from = window.start();
            to = kept.start();
            key = run.keys()[0];
        } else if (window.start() == kept.start() && window.end() > kept.end() && run.markerAfter()) {
            from = kept.end();
            to = window.end();
            key = run.keys()[run.length() - 1];
        } else {
            return false;
        }
        alignment.meter.add(to - from);
        for (int c = from; c < to; c++) {
            if (alignment.original[c] != key) {
                return false;
            }
        }
        return key != LineKeys.BLANK && other.matched() == fewest.matched()
                && other.deleted() == fewest.deleted() + (to - from);
    }
}
