package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;
import java.util.Arrays;

/**
 * Checks that a placed run does not read both as unchanged code and as a deletion (docs/morph.md, "Placement by
 * alignment"), and takes the deletion when the update would otherwise change nothing and shows it the way diffs do.
 */
final class DeletionReadings extends PassReader {

    private static final byte UNCHANGED = 1;
    private static final byte BLANKS = 2;
    private static final byte CODE = 4;

    DeletionReadings(Alignment alignment) {
        super(alignment);
    }

    /**
     * A run that can be read as unchanged code (it occurs as it is, line for line) and also as a deletion (its
     * lines occur in order with code between them) is refused whatever the cheapest reading: "if (x) {"
     * followed by a marker fits unchanged at the first "if (x) {" and also reads as deleting everything up to
     * the second one (the regression case of issue 17). A snippet is written to change something, so nothing
     * tells the two readings apart.
     */
    void rejectRunReadAsUnchangedAndAsDeletion(int r, Window[] windows, boolean changesNothing, long cells,
                                                       long budget)
            throws EditNotPlaceableException {
        Segment run = runs[r];
        int k = run.length();
        int from = Math.max(lo[r], r == 0 ? 0 : windows[r - 1].end());
        int to = Math.min(hi[r], r == runs.length - 1 ? n : windows[r + 1].start());
        if (to < from) {
            return;
        }
        int width = to - from + 1;
        // reach[i][c]: UNCHANGED = no line deleted, BLANKS = only blank lines deleted, CODE = code deleted
        byte[][] reach = new byte[k + 1][width];
        if (run.markerBefore()) {
            Arrays.fill(reach[0], UNCHANGED);
        } else {
            reach[0][0] = UNCHANGED;
            for (int c = 1; c < width; c++) {
                reach[0][c] = deleted(reach[0][c - 1], from + c - 1);
            }
        }
        for (int i = 0; i < k; i++) {
            boolean deletes = i + 1 < k;
            for (int c = 1; c < width; c++) {
                byte value = 0;
                if (originalExact[from + c - 1] == run.exactKeys()[i]) {
                    value |= reach[i][c - 1];
                }
                if (deletes) {
                    value |= deleted(reach[i + 1][c - 1], from + c - 1);
                }
                reach[i + 1][c] = value;
            }
        }
        meter.add((long) (k + 1) * width);
        byte readings = 0;
        boolean onlyBlanksAfter = true;
        for (int c = width - 1; c >= 0; c--) {
            byte state = reach[k][c];
            if (!run.markerAfter() && c < width - 1) {
                // the run ends the file: whatever follows it in the original is deleted
                onlyBlanksAfter &= original[from + c] == LineKeys.BLANK;
                state = state == 0 ? 0 : onlyBlanksAfter ? blanksDeleted(state) : CODE;
            }
            readings |= state;
        }
        if ((readings & UNCHANGED) != 0 && (readings & CODE) != 0) {
            Window deletion = changesNothing ? deletionShownInFull(r, windows, from, to, cells, budget) : null;
            if (deletion != null) {
                windows[r] = deletion;
                return;
            }
            throw errors.unchangedAndDeletion(run);
        }
    }

    /** Whether the placement leaves the file as it is (trailing whitespace aside): every run read as unchanged code. */
    boolean changesNothing(Window[] windows) {
        for (int r = 0; r < runs.length; r++) {
            if (windows[r].changesCode()) {
                return false;
            }
            for (int i = 0; i < runs[r].length(); i++) {
                if (runs[r].exactKeys()[i] != originalExact[windows[r].matches()[i]]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The reading of run r as a deletion shown the way snippets show one: {@link Alignment#EDGE_CONTEXT} unchanged
     * lines right before the deleted code and as many right after it, the run's lines otherwise as they are in the
     * original.
     * Asked only when the update as a whole would otherwise change nothing: a snippet is written to change
     * something, and with three lines of context on each side of the gap, as diffs show a deletion, the deletion is
     * what it says. When those lines occur several times and the readings give different files, the snippet does
     * not say how far the deletion goes (each reading deletes code it does not show, up to one copy of its context:
     * eighteenth pass (a); before, the one deleting fewest was taken); null then, when there is no such reading, or
     * when finding them would take more than one pass's work. With less context (issue 17's "\nif (x) {" before a marker) the update stays refused: a
     * snippet may repeat a line or two of code without meaning to delete anything.
     */
    private Window deletionShownInFull(int r, Window[] windows, int from, int to, long cells, long budget) {
        Segment run = runs[r];
        int k = run.length();
        if (k < 2 * Alignment.EDGE_CONTEXT) {
            return null;
        }
        if ((alignment.passes[0] + 1) * cells > budget) {
            return null;
        }
        alignment.passes[0]++;
        int[] keys = run.exactKeys();
        // nextCode[x]: the first non-blank original line at or after x (n when none)
        int[] nextCode = new int[n + 1];
        nextCode[n] = n;
        for (int x = n - 1; x >= 0; x--) {
            nextCode[x] = original[x] != LineKeys.BLANK ? x : nextCode[x + 1];
        }
        long work = n;
        Window found = null;
        for (int p = occurrences.next(run.keys()[0], from); p >= 0 && p < to; p = occurrences.next(run.keys()[0], p + 1)) {
            if (!run.markerBefore() && p != 0) {
                break;
            }
            int prefix = 0;
            while (prefix < k - Alignment.EDGE_CONTEXT && p + prefix < to
                    && originalExact[p + prefix] == keys[prefix]) {
                prefix++;
            }
            work += prefix + 1;
            if (work > cells) {
                meter.add(work);
                return null;
            }
            for (int i = Alignment.EDGE_CONTEXT; i <= prefix; i++) {
                int gapStart = p + i;
                for (int q = occurrences.next(run.keys()[i], gapStart + 1); q >= 0 && q + (k - i) <= to;
                     q = occurrences.next(run.keys()[i], q + 1)) {
                    int suffix = 0;
                    while (suffix < k - i && originalExact[q + suffix] == keys[i + suffix]) {
                        suffix++;
                    }
                    work += suffix + 1;
                    if (work > cells) {
                        meter.add(work);
                        return null;
                    }
                    boolean endsTheFile = run.markerAfter() || q + (k - i) == n;
                    if (suffix < k - i || !endsTheFile || nextCode[gapStart] >= q) {
                        continue;
                    }
                    int[] matches = new int[k];
                    for (int line = 0; line < k; line++) {
                        matches[line] = line < i ? p + line : q + (line - i);
                    }
                    Window deletion = new Window(p, q + (k - i), matches, true, true);
                    if (found == null) {
                        found = deletion;
                    } else {
                        Window[] reading = windows.clone();
                        reading[r] = deletion;
                        Window[] other = windows.clone();
                        other[r] = found;
                        work += 2L * n;
                        if (!alignment.sameFile(reading, other)) {
                            meter.add(work);
                            return null;
                        }
                    }
                }
            }
        }
        meter.add(work);
        return found;
    }

    /** The readings after deleting original line {@code column}. */
    private byte deleted(byte state, int column) {
        if (state == 0) {
            return 0;
        }
        return original[column] == LineKeys.BLANK ? blanksDeleted(state) : CODE;
    }

    private static byte blanksDeleted(byte state) {
        return (byte) ((state & CODE) | ((state & (UNCHANGED | BLANKS)) != 0 ? BLANKS : 0));
    }
}
