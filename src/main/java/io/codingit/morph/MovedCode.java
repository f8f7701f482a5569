package io.codingit.morph;

import io.codingit.morph.Alignment.Window;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a placement does not keep, unshown right next to a run, a paragraph of code that the update writes
 * anew in another run (docs/morph.md, "Sixteenth pass (b)"). Such a snippet moves that code: it writes it where it
 * goes, and the hunk next to its old place shows the lines around it with a marker on its side. Whether the old copy
 * is deleted is then decided only by costs (deleting it costs a line each, keeping it nothing), and the reading that
 * keeps it silently leaves the code twice; the snippet does not show which, so the update is refused.
 */
final class MovedCode extends PassReader {

    /** Fewest lines of a paragraph taken as moved code (one or two lines are a call or a brace, not a block). */
    static final int MIN_MOVED = 3;
    /** Longest paragraph compared (the walk is bounded; a longer one is not read as moved). */
    static final int MAX_PARAGRAPH = 40;

    MovedCode(Alignment alignment) {
        super(alignment);
    }

    /**
     * Refuses the placement when, next to a run's window on a marker's side, the paragraph of original lines the
     * marker keeps (blank lines skipped, up to the next blank line or the gap's end) is whole code written anew
     * elsewhere: at least {@link #MIN_MOVED} lines, each of them unique in the original and inserted by another run.
     */
    void rejectMovedCodeKeptBesideARun(Window[] windows) throws EditNotPlaceableException {
        // what each run inserts, read at the first gap (a snippet without markers has none)
        List<Map<Integer, int[]>> inserting = new ArrayList<>(1);
        forEachMarkerGap(windows, (r, before, low, high) -> {
            if (inserting.isEmpty()) {
                inserting.add(insertingRuns(windows));
            }
            String kept = movedParagraph(r, inserting.get(0), before, low, high);
            if (kept != null) {
                throw errors.movedCodeKept(runs[r], before ? PlacementErrors.firstConcrete(runs[r])
                        : PlacementErrors.lastConcrete(runs[r]), kept, before);
            }
        });
    }

    /** The first line of the moved paragraph in the gap [low, high) next to run r's window, or null. */
    private String movedParagraph(int r, Map<Integer, int[]> inserting, boolean before, int low, int high) {
        int step = before ? -1 : 1;
        int c = before ? high - 1 : low;
        while (c >= low && c < high && original[c] == LineKeys.BLANK) {
            c += step;
            meter.add(1);
        }
        int lines = 0;
        boolean moved = true;
        String first = null;
        meter.add(1);
        for (; moved && c >= low && c < high && original[c] != LineKeys.BLANK && lines <= MAX_PARAGRAPH; c += step) {
            moved = occurrences.count(original[c]) == 1 && insertedByAnotherRun(original[c], r, inserting);
            first = before || first == null ? originalLines.get(c) : first;
            lines++;
            meter.add(1);
        }
        boolean whole = c < low || c >= high || original[c] == LineKeys.BLANK;
        return moved && whole && lines >= MIN_MOVED && lines <= MAX_PARAGRAPH ? first : null;
    }

    /** Whether a run other than r inserts a line with this key ({@code insertingRuns}: the first two runs that do). */
    private static boolean insertedByAnotherRun(int key, int r, Map<Integer, int[]> insertingRuns) {
        int[] inserting = insertingRuns.get(key);
        return inserting != null && (inserting[0] != r || inserting[1] >= 0);
    }

    /** For each key that some run inserts, the first two runs that insert it (-1 for none). */
    private Map<Integer, int[]> insertingRuns(Window[] windows) {
        Map<Integer, int[]> inserting = new HashMap<>();
        for (int q = 0; q < runs.length; q++) {
            meter.add(runs[q].length());
            for (int i = 0; i < runs[q].length(); i++) {
                if (windows[q].matches()[i] < 0 && runs[q].keys()[i] != LineKeys.BLANK) {
                    int[] seen = inserting.computeIfAbsent(runs[q].keys()[i], key -> new int[] {-1, -1});
                    if (seen[0] < 0) {
                        seen[0] = q;
                    } else if (seen[0] != q && seen[1] < 0) {
                        seen[1] = q;
                    }
                }
            }
        }
        return inserting;
    }
}
