package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;
import java.util.List;

/**
 * Checks that a placed run does not also read another way that fits the snippet as well (docs/morph.md, "Placement
 * by alignment"): its edge's context line read as new code at one copy of the edge lines while another copy is
 * followed by it, or its replacement of code read as an insertion next to similar code. Each other reading is
 * computed in full by one more pass, at most {@link #MAX_RERUNS} per check, within the work bound.
 */
final class OtherReadings extends PassReader {

    static final int CONTEXT_MARGIN = 12;
    static final int MIN_SHARED_RENAMED = 2;
    static final int MIN_SHARED = 6;
    static final int INSERTION_MARGIN = 12;
    static final int ENCLOSING_MARGIN = 2 * INSERTION_MARGIN;
    static final int MIN_DELETED_FOR_RERUN = 2;
    static final int MAX_RERUNS = 3;

    private final CloseCalls closeCalls;
    private DeletedDeclarations deletedDeclarations;

    /** Checks of one pass's placement; {@code closeCalls} tells what a reading of a run does. */
    OtherReadings(Alignment alignment, CloseCalls closeCalls) {
        super(alignment);
        this.closeCalls = closeCalls;
    }

    /**
     * The reading of a run next to a marker that takes its edge line (and the few context lines matched with it) at
     * one copy and the next update line as new code, where another copy of those lines is followed (preceded, at the
     * run's end) in the original by that very line: there the line is context. The best reading that takes the
     * other copy is computed (one more pass, at most {@link #MAX_RERUNS}); when it costs less than the best +
     * {@link #CONTEXT_MARGIN}, gives another file and matches more of the run's distinctive lines (non-blank, fewer
     * than {@link Alignment#COMMON} copies in the original: a kept closing brace of another block singles out no
     * place), the placement is neither unique nor better supported, and the update is refused naming the line
     * (LazyEditProperties, issue 17).
     */
    void rejectContextLineReadAsNew(Window[] windows, long cells, long budget) throws EditNotPlaceableException {
        int reruns = 0;
        for (int r = 0; r < runs.length; r++) {
            for (boolean entry : new boolean[] {true, false}) {
                Segment run = runs[r];
                if (entry ? !run.markerBefore() : !run.markerAfter()) {
                    continue;
                }
                int k = run.length();
                int edgeColumn = entry ? windows[r].start() : windows[r].end();
                // j: how many lines at the run's edge are the original's lines at the window's edge, in a row
                int j = 0;
                while (j < k && j <= Alignment.EDGE_CONTEXT && (entry ? edgeColumn + j < n
                        && original[edgeColumn + j] == run.keys()[j]
                        : edgeColumn - 1 - j >= 0 && original[edgeColumn - 1 - j] == run.keys()[k - 1 - j])) {
                    j++;
                }
                meter.add(j + 1);
                if (j == 0 || j >= k || j > Alignment.EDGE_CONTEXT) {
                    continue;
                }
                int line = entry ? j : k - 1 - j;
                int low = Math.max(lo[r], r == 0 ? 0 : windows[r - 1].end());
                int high = Math.min(hi[r], r == runs.length - 1 ? n : windows[r + 1].start());
                // columns x where the line is, with the matched edge lines next to it: the other reading's edge
                for (int x = occurrences.next(run.keys()[line], low); x >= 0 && x < high;
                     x = occurrences.next(run.keys()[line], x + 1)) {
                    meter.add(j + 1);
                    int edge = entry ? x - j : x + j + 1;
                    if (edge < low || edge > high || edge == edgeColumn) {
                        continue;
                    }
                    boolean context = true;
                    for (int i = 0; i < j && context; i++) {
                        context = entry ? original[edge + i] == run.keys()[i]
                                : original[edge - 1 - i] == run.keys()[k - 1 - i];
                    }
                    if (!context) {
                        continue;
                    }
                    if (reruns >= MAX_RERUNS || (alignment.passes[0] + 1) * cells > budget) {
                        return;
                    }
                    reruns++;
                    alignment.passes[0]++;
                    Alignment other = alignment.forcedThrough(r, entry, edge);
                    Window[] alternative = other.bestWindows();
                    if (alternative != null && other.optimum < alignment.optimum + CONTEXT_MARGIN
                            && matchedDistinct(r, alternative[r]) > matchedDistinct(r, windows[r])
                            && !(insertsOnly(windows[r]) && closeCalls.rewritesAnotherBlock(r, alternative[r])
                                    && !closeCalls.rewritesAnotherBlock(r, windows[r]))
                            && !alignment.sameFile(windows, alternative)) {
                        throw errors.contextReadAsNew(run, line, entry);
                    }
                }
            }
        }
    }

    /**
     * Run r's matched lines that are neither blank nor common in the original ({@link Alignment#COMMON} copies or
     * more).
     */
    private int matchedDistinct(int r, Window window) {
        int count = 0;
        for (int i = 0; i < window.matches().length; i++) {
            count += window.matches()[i] >= 0 && runs[r].keys()[i] != LineKeys.BLANK
                    && occurrences.count(runs[r].keys()[i]) < Alignment.COMMON ? 1 : 0;
        }
        return count;
    }

    /**
     * A run whose best reading replaces code (deletes original lines and writes new ones in their place) may also
     * read as inserting its new lines, as a whole, next to similar code elsewhere: a new test after a test that
     * ends the same way, a new block before one that starts the same way. Deleting is cheap and the shared lines
     * save inserting, so the replacement costs less, but both readings fit the snippet as it is written. When the
     * best reading of the whole update that leaves that run's code undeleted places it elsewhere at a cost within
     * {@link #INSERTION_MARGIN}, the update is refused naming the run's first line. When the new lines share fewer
     * lines with what the replacement rewrites, but the replacement rewrites an unrelated block ({@link
     * CloseCalls#rewritesAnotherBlock}: a header nothing in the snippet resembles is deleted) and that reading only
     * inserts in the run, the insertion reading is taken instead (refused when it copies a declaration): a new block
     * is written next to its neighbour, not over it. So it is, whatever the lines shared and within {@link
     * #ENCLOSING_MARGIN}, when the replacement deletes the header of a block around code it keeps ({@link
     * CloseCalls#removesAnEnclosingHeader}): a new test after the only test of a suite is not that test rewritten
     * into the suite before, with the suite's header gone. A replacement separated from a marker by blank lines only,
     * whose line next to them shares no names with the line it deletes there ({@link BlankContext}), is refused too
     * when the insertion reading is within {@link #INSERTION_MARGIN}, whatever the lines shared: the snippet does not
     * show whether that code is replaced or kept by the marker.
     */
    void rejectReplacementThatAlsoReadsAsInsertion(Window[] windows, long cells, long budget)
            throws EditNotPlaceableException {
        int reruns = 0;
        // the reading checked: the placement, or the insertion reading taken for a deleted declaration
        Alignment current = alignment;
        for (int r = 0; r < runs.length; r++) {
            for (int[] block : replacingBlocks(r, windows)) {
                if (reruns >= MAX_RERUNS || (alignment.passes[0] + 1) * cells > budget) {
                    return;
                }
                reruns++;
                alignment.passes[0]++;
                Alignment insertion = current.keeping(block[0], block[1]);
                Window[] alternative = insertion.bestWindows();
                // a block that deletes a single line is read again only for the declaration it deletes
                boolean replacing = block[5] != 0;
                boolean encloses = replacing && closeCalls.removesAnEnclosingHeader(r, windows[r], block);
                if (alternative == null || insertion.optimum > current.optimum
                        + (encloses ? ENCLOSING_MARGIN : INSERTION_MARGIN)) {
                    continue;
                }
                boolean near = insertion.optimum <= current.optimum + INSERTION_MARGIN;
                boolean copies = near && replacing && sharesMostOfItsLines(r, windows[r], alternative[r],
                        renamesADeclaration(r, windows[r], block));
                boolean unrelated = near && replacing && !copies && closeCalls.rewritesAnotherBlock(r, windows[r]);
                // a replacement that deletes the only declaration of a name the snippet uses is not the snippet's
                // (eighteenth pass (a))
                boolean dangling = near && !copies && block[4] != 0;
                // an insertion that leaves a block open (a renamed header written beside the old block) where the
                // replacement closes it is not the snippet's
                boolean insertionInstead = (unrelated || encloses || dangling) && insertsOnly(alternative[r])
                        && !closeCalls.unbalancedWhereTheOtherBalances(alternative, windows);
                boolean unanchored = near && !copies && !insertionInstead
                        && (dangling || replacing
                                && BlankContext.unanchoredRewrite(runs[r], block, updateLines, originalLines));
                if (!copies && !insertionInstead && !unanchored) {
                    continue;
                }
                if (movesARun(alternative, windows)) {
                    if (!insertionInstead
                            || closeCalls.reading(r, alternative, insertion.optimum).copiesADeclaration()) {
                        throw errors.ambiguousInsertion(runs[r]);
                    }
                    System.arraycopy(alternative, 0, windows, 0, windows.length);
                    if (!dangling) {
                        return;
                    }
                    // the runs after it may delete a declaration the snippet uses too: they are checked on it
                    current = insertion;
                    break;
                }
            }
        }
    }

    /** Whether some run has another window in {@code alternative} than in {@code windows}. */
    private static boolean movesARun(Window[] alternative, Window[] windows) {
        for (int q = 0; q < windows.length; q++) {
            if (alternative[q].start() != windows[q].start() || alternative[q].end() != windows[q].end()) {
                return true;
            }
        }
        return false;
    }

    /** The pass's check of deleted declarations, made on first use. */
    private DeletedDeclarations deletedDeclarations() {
        if (deletedDeclarations == null) {
            deletedDeclarations = new DeletedDeclarations(alignment);
        }
        return deletedDeclarations;
    }

    /**
     * The change blocks of a run's window that replace code: at least {@link #MIN_DELETED_FOR_RERUN} non-blank
     * original lines deleted and at least one non-blank update line written in their place, or any number deleted
     * when they hold the only declaration of a name the lines written anew use ({@link DeletedDeclarations}); each as
     * the span [from, to) of original lines it deletes, the span [from, to) of the run's lines it writes, whether it
     * deletes such a declaration and whether it replaces that many lines (1 or 0).
     */
    private List<int[]> replacingBlocks(int r, Window[] windows) {
        Window window = windows[r];
        Segment run = runs[r];
        int[] matches = window.matches();
        List<int[]> blocks = new java.util.ArrayList<>();
        int i = 0;
        int column = window.start();
        while (i <= matches.length) {
            // the block between the previous matched pair and the next one
            int nextMatch = i;
            while (nextMatch < matches.length && matches[nextMatch] < 0) {
                nextMatch++;
            }
            int nextColumn = nextMatch < matches.length ? matches[nextMatch] : window.end();
            int inserted = 0;
            for (int u = i; u < nextMatch; u++) {
                inserted += run.keys()[u] != LineKeys.BLANK ? 1 : 0;
            }
            int deleted = 0;
            for (int c = column; c < nextColumn; c++) {
                deleted += original[c] != LineKeys.BLANK ? 1 : 0;
            }
            meter.add((nextMatch - i) + (nextColumn - column) + 1);
            if (inserted >= 1 && deleted >= 1) {
                boolean dangling = deletedDeclarations().usesADeletedDeclaration(windows, column, nextColumn);
                if (deleted >= MIN_DELETED_FOR_RERUN || dangling) {
                    blocks.add(new int[] {column, nextColumn, i, nextMatch, dangling ? 1 : 0,
                            deleted >= MIN_DELETED_FOR_RERUN ? 1 : 0});
                }
            }
            i = nextMatch + 1;
            column = nextColumn + 1;
        }
        return blocks;
    }

    /**
     * Whether the run's new lines, in the insertion reading, are mostly lines that the replacement reading finds in
     * the code it rewrites (at least {@link #MIN_SHARED} of them, and at least half of the lines the insertion
     * writes): a block that copies its neighbour. Then "rewrite the neighbour" and "add a block like it" both fit
     * the snippet; a replacement that shares only a few lines with what it replaces is read as written. When the
     * replacement deletes a declaration and writes another in its place (a test renamed and rewritten), at least
     * {@link #MIN_SHARED_RENAMED} shared lines are enough: that is how a new test next to the old one reads too.
     */
    private boolean sharesMostOfItsLines(int r, Window replacement, Window insertion, boolean renamesADeclaration) {
        int[] keys = runs[r].keys();
        int written = 0;
        int shared = 0;
        for (int i = 0; i < keys.length; i++) {
            if (insertion.matches()[i] < 0 && keys[i] != LineKeys.BLANK) {
                written++;
                shared += replacement.matches()[i] >= 0 ? 1 : 0;
            }
        }
        return shared >= (renamesADeclaration ? MIN_SHARED_RENAMED : MIN_SHARED) && 2 * shared >= written;
    }

    /**
     * Whether the change block [block[0], block[1]) of run r's window deletes a line that declares something
     * ({@link Declarations#declares}) and the run writes such a line anew: a header replaced by another.
     */
    private boolean renamesADeclaration(int r, Window window, int[] block) {
        boolean deleted = false;
        for (int c = block[0]; c < block[1] && !deleted; c++) {
            deleted = Declarations.declares(originalLines.get(c));
        }
        boolean written = false;
        for (int i = 0; i < runs[r].length() && deleted && !written; i++) {
            written = window.matches()[i] < 0 && Declarations.declares(updateLines.get(runs[r].updateStart() + i));
        }
        meter.add((block[1] - block[0]) + runs[r].length());
        return deleted && written;
    }

    /** Whether a window only inserts lines: every original line in it is matched. */
    private static boolean insertsOnly(Window window) {
        int matched = 0;
        for (int match : window.matches()) {
            matched += match >= 0 ? 1 : 0;
        }
        return matched == window.end() - window.start();
    }
}
