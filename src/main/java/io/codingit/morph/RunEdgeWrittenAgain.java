package io.codingit.morph;

import io.codingit.morph.Alignment.Window;

/**
 * Checks that no run's edge line is written a second time beside its only copy (docs/morph.md, "Sixteenth pass (f)").
 * The first non-blank line of a run after a marker (the last before one) is the context a snippet anchors on. When the
 * placement writes it anew although the original has it once, and keeps that copy under the marker on the same side,
 * the cheapest reading has slid past the anchor (a rewritten method read as new code after the old one, a deletion
 * shown by context read as nothing deleted) and the file gets the line twice. Matching it would mean deleting the code
 * between it and the change, which the snippet shows only by leaving it out: nothing tells the two apart by cost, so
 * the update is refused. A line without a letter or digit (a doc comment's opening, a closing brace) is punctuation,
 * not an anchor.
 */
final class RunEdgeWrittenAgain extends PassReader {

    RunEdgeWrittenAgain(Alignment alignment) {
        super(alignment);
    }

    /** Refuses the placement when a run's edge line next to a marker is written anew beside its only copy there. */
    void rejectEdgeWrittenAgain(Window[] windows) throws EditNotPlaceableException {
        forEachMarkerGap(windows, (r, before, low, high) -> {
            int edge = before ? PlacementErrors.firstConcrete(runs[r]) : PlacementErrors.lastConcrete(runs[r]);
            if (writtenAgainIn(r, windows[r], edge, low, high)) {
                throw errors.edgeWrittenAgain(runs[r], edge, before);
            }
        });
    }

    /** Whether run r's line {@code i} is inserted by its window while its only original copy lies in [low, high). */
    private boolean writtenAgainIn(int r, Window window, int i, int low, int high) {
        meter.add(1);
        int key = runs[r].keys()[i];
        if (window.matches()[i] >= 0 || key == LineKeys.BLANK || occurrences.count(key) != 1
                || updateLines.get(runs[r].updateStart() + i).chars().noneMatch(Character::isLetterOrDigit)) {
            return false;
        }
        int at = occurrences.next(key, 0);
        return at >= low && at < high;
    }
}
