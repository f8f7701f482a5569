package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;
import java.util.List;

/**
 * What the classes that settle and check one alignment pass's placement read of that pass ({@link CloseCalls},
 * {@link OtherReadings}, {@link DeletionReadings}): its inputs, its column bounds and its best edges (the arrays are
 * the pass's own: what is written to {@code bestEntry} and {@code bestExit} is the pass's choice). The cost of the best
 * placement and the passes done so far change as the pass goes on, so they are read from the alignment itself.
 */
abstract class PassReader {

    final Alignment alignment;
    final int[] original;
    final int[] originalExact;
    final List<String> originalLines;
    final List<String> updateLines;
    final int n;
    final Segment[] runs;
    final Occurrences occurrences;
    final WorkMeter meter;
    final PlacementErrors errors;
    final int[] lo;
    final int[] hi;
    final int[] bestEntry;
    final int[] bestExit;

    PassReader(Alignment alignment) {
        this.alignment = alignment;
        this.original = alignment.original;
        this.originalExact = alignment.originalExact;
        this.originalLines = alignment.originalLines;
        this.updateLines = alignment.updateLines;
        this.n = alignment.n;
        this.runs = alignment.runs;
        this.occurrences = alignment.occurrences;
        this.meter = alignment.meter;
        this.errors = alignment.errors;
        this.lo = alignment.lo;
        this.hi = alignment.hi;
        this.bestEntry = alignment.bestEntry;
        this.bestExit = alignment.bestExit;
    }

    /** A check of the gap of original lines [low, high) that the marker before (after) run r keeps. */
    @FunctionalInterface
    interface MarkerGapCheck {
        void check(int r, boolean before, int low, int high) throws EditNotPlaceableException;
    }

    /** Runs the check on every gap a marker keeps next to a run's window: before each run, then after it. */
    void forEachMarkerGap(Window[] windows, MarkerGapCheck check) throws EditNotPlaceableException {
        for (int r = 0; r < runs.length; r++) {
            for (boolean before : new boolean[] {true, false}) {
                if (before ? runs[r].markerBefore() : runs[r].markerAfter()) {
                    check.check(r, before, markerGapStart(windows, r, before), markerGapEnd(windows, r, before));
                }
            }
        }
    }

    /** The first original line of the gap that the marker before (after) run r keeps, next to its window. */
    int markerGapStart(Window[] windows, int r, boolean before) {
        return before ? (r == 0 ? 0 : windows[r - 1].end()) : windows[r].end();
    }

    /** The end (exclusive) of the gap that the marker before (after) run r keeps, next to its window. */
    int markerGapEnd(Window[] windows, int r, boolean before) {
        return before ? windows[r].start() : (r == runs.length - 1 ? n : windows[r + 1].start());
    }
}
