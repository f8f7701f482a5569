package io.codingit.morph;

import java.util.Arrays;
import java.util.List;

/**
 * Places the runs of an update in the original by one alignment of the whole update against the whole
 * original (docs/morph.md, "Placement by alignment").
 *
 * <p>Inside a run, each update line is matched to an equal original line (compared in {@link LineKeys}
 * form: whitespace does not count) or inserted; original lines the run skips are deleted. Between runs, a
 * marker keeps any number of original lines for free. A run's first line after a marker and last line
 * before one must be matched (a blank one may be inserted, at a higher cost): a changed line next to a
 * marker could mean "insert" or "replace". The cost model below reads an alignment the way snippets are
 * written; the placement of least cost is taken when it is the only one: when another start or end of any
 * run costs as much, or a run reads both as unchanged code and as a deletion, the update is refused. One
 * exception: at a run's blank first or last line, close starts or ends that match the same update lines and
 * differ only in how many original lines they delete give the one deleting fewest
 * ({@link CloseCalls#fewestDeletions}): the others only delete lines the snippet never showed. And close readings
 * that match as many of a run's lines, or the same code lines and other blank lines, are settled by what the changed
 * lines replace ({@link CloseCalls#settle}): the one whose changed lines stand where lines they resemble were,
 * deleting fewest.
 *
 * <p>This class does the dynamic programme: the column bounds, the cost model, the forward and backward passes and
 * the traceback. Its placement is settled and checked by {@link CloseCalls} (a run's close call),
 * {@link DeletionReadings} (a run that reads both as unchanged code and as a deletion) and {@link OtherReadings} (a
 * context line read as new code, a replacement that also reads as an insertion), which read one pass's state
 * through {@link PassReader}; {@link PlacementErrors} words the refusals.
 *
 * <p>Work is bounded before any is done: each run is aligned only against the columns its edge lines
 * allow (found by binary search in occurrence lists), and when those still multiply to more than
 * {@link #workBudget} cells the update is refused as too large, so no input takes more than
 * O(n log n) time.
 */
final class Alignment {

    static final int INF = 1 << 28;
    /**
     * How much more the second-best placement of a run must cost than the best for the best to be taken: a
     * near tie means the snippet reads two ways (one deleted line more or less, one blank line moved).
     */
    static final int MARGIN = 5;
    /** Cost of inserting a blank first or last line of a run next to a marker instead of matching it. */
    static final int EDGE_BLANK_INSERT = 6;
    /** Alignment cells (each worth {@link #STATES} state updates) allowed per input line per bit of log2(lines). */
    static final int WORK_PER_LINE_LOG = 64;

    /** One run of the update as the alignment sees it: its lines' keys (whitespace-blind, and trailing-blind). */
    record Segment(int updateStart, int[] keys, int[] exactKeys, boolean markerBefore, boolean markerAfter) {
        int length() {
            return keys.length;
        }
    }

    /**
     * Where one run went: the original span [start, end) it replaced and, per run line, its original line or -1.
     *
     * @param changesCode   whether the run inserts or deletes lines here (not only whitespace)
     * @param changesText   whether the result differs from the original at all here, whitespace included
     */
    record Window(int start, int end, int[] matches, boolean changesCode, boolean changesText) {
    }

    final int[] original;
    final List<String> originalLines;
    final int[] originalExact;
    final int n;
    final Segment[] runs;
    final Occurrences occurrences;
    final WorkMeter meter;
    final List<String> updateLines;
    final PlacementErrors errors;
    /** Per update line: it declares something ({@link Declarations#declares}) that the original has exactly once. */
    private final boolean[] copiesDeclaration;

    final int[] lo;
    final int[] hi;
    private final int[][][] firstRows;
    private final int[][][] lastRows;
    final int[] bestEntry;
    final int[] bestExit;
    private final int[] secondEntryCost;
    private final int[] secondExitCost;
    private final int[] secondEntry;
    private final int[] secondExit;
    /** Per run, the columns (relative to lo) whose entry or exit costs less than the best + MARGIN, or null when too many. */
    final int[][] nearEntries;
    final int[][] nearExits;
    int optimum;
    /**
     * Non-blank original lines marked here may not be deleted (null: any may): the insertion reading of a
     * replacement ({@link OtherReadings#rejectReplacementThatAlsoReadsAsInsertion}).
     */
    private boolean[] kept;
    /** Whether lines that look alike may stand for one another (the second pass, when the first is ambiguous). */
    private boolean likeness;
    /** Full alignments done so far for this apply, shared by every pass (the work bound counts them all). */
    long[] passes = new long[1];
    /** The least lead of a best edge over its runner-up among those that decided by cost (INF when none). */
    private int thinnest = INF;
    /**
     * The run whose entry (or exit) column is forced in this pass, or -1 ({@link #forcedThrough}: a close call, a
     * context line read as new).
     */
    private int forcedRun = -1;
    private int forcedEntry = -1;
    private int forcedExit = -1;
    /**
     * In a pass that enters run {@link #forcedRun} at a forced column: per column of that run (relative to lo), the
     * cost of the best whole reading that enters there and leaves there (INF when none); null in other passes.
     */
    private int[] exitsAfterForcedEntry;

    Alignment(int[] original, int[] originalExact, List<String> originalLines, List<Segment> runs, List<String> updateLines,
              WorkMeter meter) {
        this.original = original;
        this.originalLines = originalLines;
        this.originalExact = originalExact;
        this.n = original.length;
        this.runs = runs.toArray(Segment[]::new);
        this.updateLines = updateLines;
        this.errors = new PlacementErrors(updateLines);
        this.meter = meter;
        this.occurrences = new Occurrences(original);
        this.copiesDeclaration = new boolean[updateLines.size()];
        for (Segment run : this.runs) {
            for (int i = 0; i < run.length(); i++) {
                copiesDeclaration[run.updateStart() + i] = occurrences.count(run.keys()[i]) == 1
                        && Declarations.declares(updateLines.get(run.updateStart() + i));
            }
        }
        meter.add(updateLines.size());
        int m = this.runs.length;
        lo = new int[m];
        hi = new int[m];
        firstRows = new int[m][][];
        lastRows = new int[m][][];
        bestEntry = new int[m];
        bestExit = new int[m];
        secondEntryCost = new int[m];
        secondExitCost = new int[m];
        secondEntry = new int[m];
        secondExit = new int[m];
        nearEntries = new int[m][];
        nearExits = new int[m][];
    }

    /** Work (state updates) one apply of {@code updateLineCount} lines to {@code originalLineCount} may use. */
    static long workBudget(int originalLineCount, int updateLineCount) {
        long lines = (long) originalLineCount + updateLineCount + 64;
        return (long) WORK_PER_LINE_LOG * STATES * lines * (64 - Long.numberOfLeadingZeros(lines));
    }

    /**
     * Aligns every run; returns one window per run, in order. A placement that wins by a thin lead (less than
     * {@link #MARGIN} + {@link #THIN}) must also win when a changed line may stand in for an original line that
     * looks like it ({@link #alike}): otherwise the update is refused.
     */
    Window[] place() throws EditNotPlaceableException {
        bound();
        long cells = 0;
        for (int r = 0; r < runs.length; r++) {
            cells += (2L * STATES + 3) * (runs[r].length() + 1) * (hi[r] - lo[r] + 2);
        }
        long budget = workBudget(n, updateLines.size());
        if (cells > budget) {
            throw errors.tooLarge(runs.length, cells, n, budget);
        }
        passes[0] = 1;
        Window[] windows = placeWithin(cells, budget);
        if (thinnest < MARGIN + THIN && (passes[0] + 1) * cells <= budget) {
            // barely ahead: the placement must hold when changed lines are also compared with the lines they
            // may replace (ErrorTypePrivate and ErrorTypeInternal, one constant renamed)
            passes[0]++;
            Alignment alike = new Alignment(this);
            alike.likeness = true;
            Window[] check;
            try {
                check = alike.placeWithin(cells, budget);
            } catch (EditNotPlaceableException notThere) {
                throw errors.thinLead(runAt(notThere.updateLine() - 1));
            }
            for (int r = 0; r < runs.length; r++) {
                if (check[r].start() != windows[r].start() || check[r].end() != windows[r].end()) {
                    throw errors.thinLead(runs[r]);
                }
            }
        }
        return windows;
    }

    /** The run that holds update line {@code index} (0-based), or the first run. */
    private Segment runAt(int index) {
        for (Segment run : runs) {
            if (index >= run.updateStart() && index < run.updateStart() + run.length()) {
                return run;
            }
        }
        return runs[0];
    }

    /** One pass: the least-cost placement, checked (each full alignment costs at most {@code cells}). */
    private Window[] placeWithin(long cells, long budget) throws EditNotPlaceableException {
        forward();
        if (optimum >= INF) {
            throw diagnoseNotFound();
        }
        backward();
        CloseCalls closeCalls = new CloseCalls(this);
        Window[] windows = new Window[runs.length];
        for (int r = 0; r < runs.length; r++) {
            Segment run = runs[r];
            boolean settled = false;
            boolean tried = false;
            if (run.markerBefore() && tooClose(secondEntryCost[r], secondEntry[r], bestExit[r], r)) {
                settled = closeCalls.settle(r, cells, budget);
                tried = true;
                if (!settled) {
                    int chosen = closeCalls.fewestDeletions(r, true, cells, budget);
                    if (chosen < 0) {
                        throw errors.ambiguous(run, PlacementErrors.firstConcrete(run), "first");
                    }
                    bestEntry[r] = chosen;
                }
            }
            if (!settled && run.markerAfter() && tooClose(secondExitCost[r], run.markerBefore() ? bestEntry[r] : 0,
                    secondExit[r], r) && (tried || !closeCalls.settle(r, cells, budget))) {
                // (the readings settle compares are those of the entry's attempt: not read twice)
                int chosen = closeCalls.fewestDeletions(r, false, cells, budget);
                if (chosen < 0) {
                    throw errors.ambiguous(run, PlacementErrors.lastConcrete(run), "last");
                }
                bestExit[r] = chosen;
            }
            windows[r] = traceback(r);
            if (r > 0 && windows[r].start() < windows[r - 1].end()) {
                throw errors.ambiguous(run, PlacementErrors.firstConcrete(run), "first");
            }
        }
        DeletionReadings deletionReadings = new DeletionReadings(this);
        boolean changesNothing = deletionReadings.changesNothing(windows);
        for (int r = 0; r < runs.length; r++) {
            deletionReadings.rejectRunReadAsUnchangedAndAsDeletion(r, windows, changesNothing, cells, budget);
        }
        OtherReadings otherReadings = new OtherReadings(this, closeCalls);
        otherReadings.rejectReplacementThatAlsoReadsAsInsertion(windows, cells, budget);
        otherReadings.rejectContextLineReadAsNew(windows, cells, budget);
        new MovedCode(this).rejectMovedCodeKeptBesideARun(windows);
        new RunEdgeWrittenAgain(this).rejectEdgeWrittenAgain(windows);
        new BlockComments(this).rejectUnpairedComment(windows);
        new ImportsLeftUnused(this).rejectImportLeftUnused(windows);
        return windows;
    }

    /** Whether two placements of every run give the same file once blank lines are set aside. */
    boolean sameFile(Window[] a, Window[] b) {
        return mergedCodeKeys(a).equals(mergedCodeKeys(b));
    }

    private List<Integer> mergedCodeKeys(Window[] windows) {
        List<Integer> keys = new java.util.ArrayList<>();
        walkMergedFile(windows, new MergedFileWalk() {
            @Override
            public boolean kept(int from, int to) {
                keys.addAll(codeKeys(from, to));
                return true;
            }

            @Override
            public boolean written(int r) {
                for (int key : runs[r].keys()) {
                    if (key != LineKeys.BLANK) {
                        keys.add(key);
                    }
                }
                meter.add(runs[r].length());
                return true;
            }
        });
        return keys;
    }

    /** The steps of the file a placement of every run gives, in order; a step answering false stops the walk. */
    interface MergedFileWalk {
        /** The original lines [from, to) that a marker keeps. */
        boolean kept(int from, int to);

        /** Run r's lines, as the update writes them. */
        boolean written(int r);
    }

    /**
     * Walks the file that placing run r at {@code windows[r]}, for every r, gives: the original lines each marker keeps
     * and the runs' own lines, in file order. False when a step stopped it.
     */
    boolean walkMergedFile(Window[] windows, MergedFileWalk walk) {
        int position = 0;
        for (int r = 0; r < runs.length; r++) {
            if (runs[r].markerBefore() && !walk.kept(position, windows[r].start())) {
                return false;
            }
            if (!walk.written(r)) {
                return false;
            }
            position = windows[r].end();
        }
        return !runs[runs.length - 1].markerAfter() || walk.kept(position, n);
    }

    /** A copy of {@code other} with the same columns and costs, for another pass. */
    private Alignment(Alignment other) {
        this(other.original, other.originalExact, other.originalLines, List.of(other.runs), other.updateLines,
                other.meter);
        System.arraycopy(other.lo, 0, lo, 0, lo.length);
        System.arraycopy(other.hi, 0, hi, 0, hi.length);
        this.likeness = other.likeness;
        this.passes = other.passes;
    }

    /**
     * A copy for the pass that keeps every non-blank original line in [from, to) — no deletion there — and those
     * this pass keeps.
     */
    Alignment keeping(int from, int to) {
        Alignment other = new Alignment(this);
        other.kept = kept == null ? new boolean[n] : kept.clone();
        java.util.Arrays.fill(other.kept, from, to, true);
        return other;
    }

    /**
     * A copy for the pass that enters (or, when {@code entry} is false, leaves) run r at one given column: both the
     * forward and the backward pass are held to that column, so that every window it gives (run r's other edge, the
     * runs before and after) belongs to the one best reading through it (seventeenth pass: restricting only the
     * forward pass at an exit gave the unforced best start and earlier runs, with the forced reading's cost).
     */
    Alignment forcedThrough(int r, boolean entry, int column) {
        Alignment other = new Alignment(this);
        other.forcedRun = r;
        if (entry) {
            other.forcedEntry = column;
        } else {
            other.forcedExit = column;
        }
        return other;
    }

    /**
     * In a pass forced to enter run {@link #forcedRun} ({@link #forcedThrough}): the cost of the best whole reading
     * that enters it at the forced column and leaves it at {@code end} (INF when none does).
     */
    int costLeavingAt(int end) {
        int c = end - lo[forcedRun];
        return exitsAfterForcedEntry == null || c < 0 || c >= exitsAfterForcedEntry.length ? INF
                : exitsAfterForcedEntry[c];
    }

    /**
     * The whole reading that enters run r at {@code start} and leaves it at {@code end}: the runs before r as the
     * pass forced to enter there places them ({@code beforeWindows}), run r over [start, end), the runs after r as the
     * pass forced to leave there places them ({@code afterWindows}). The runs before a run's entry depend only on
     * that entry, and those after its exit only on that exit, so the three parts are one real alignment; null when
     * they do not fit in order.
     */
    Window[] readingThrough(int r, int start, int end, Window[] beforeWindows, Window[] afterWindows) {
        if ((r > 0 && beforeWindows[r - 1].end() > start) || (r < runs.length - 1 && afterWindows[r + 1].start() < end)) {
            return null;
        }
        Window[] windows = new Window[runs.length];
        System.arraycopy(beforeWindows, 0, windows, 0, r);
        windows[r] = traceback(r, start, end);
        System.arraycopy(afterWindows, r + 1, windows, r + 1, runs.length - r - 1);
        return windows;
    }

    /** The least-cost windows without the ambiguity checks, or null when no alignment exists. */
    Window[] bestWindows() {
        forward();
        if (optimum >= INF) {
            return null;
        }
        backward();
        Window[] windows = new Window[runs.length];
        for (int r = 0; r < runs.length; r++) {
            if (runs[r].markerBefore() && runs[r].markerAfter() && bestEntry[r] > bestExit[r]) {
                // the best entry and the best exit belong to different readings that tie: no single window
                return null;
            }
            windows[r] = traceback(r);
        }
        return windows;
    }

    /**
     * Whether the runner-up placement of run r (the window [start, end)) is too close to the best one: as cheap,
     * or within MARGIN and giving a different file once blank lines are set aside (a reading that only moves a
     * blank line is not worth refusing a snippet for).
     */
    private boolean tooClose(int runnerUpCost, int start, int end, int r) {
        if (runnerUpCost <= optimum) {
            return true;
        }
        if (runnerUpCost >= optimum + MARGIN) {
            thinnest = Math.min(thinnest, runnerUpCost - optimum);
            return false;
        }
        int bestStart = runs[r].markerBefore() ? bestEntry[r] : 0;
        int bestEnd = runs[r].markerAfter() ? bestExit[r] : n;
        if (start < 0 || end < 0 || start > end) {
            return true;
        }
        int from = Math.min(start, bestStart);
        int to = Math.max(end, bestEnd);
        return !sameCodeLines(from, bestStart, bestEnd, to, from, start, end, to);
    }

    /** O[a1..b1) + run + O[c1..d1) and O[a2..b2) + run + O[c2..d2) have the same non-blank lines. */
    private boolean sameCodeLines(int a1, int b1, int c1, int d1, int a2, int b2, int c2, int d2) {
        return java.util.Objects.equals(codeKeys(a1, b1), codeKeys(a2, b2))
                && java.util.Objects.equals(codeKeys(c1, d1), codeKeys(c2, d2));
    }

    private List<Integer> codeKeys(int from, int to) {
        List<Integer> keys = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            if (original[i] != LineKeys.BLANK) {
                keys.add(original[i]);
            }
        }
        meter.add(to - from);
        return keys;
    }

    // ---- column bounds -------------------------------------------------------------------------

    /**
     * The columns each run can occupy: from the earliest place its edge lines allow after the previous
     * run, to the latest place they allow before the next. Greedy over occurrence lists, O(m log n).
     */
    private void bound() throws EditNotPlaceableException {
        int earliest = 0;
        for (int r = 0; r < runs.length; r++) {
            Segment run = runs[r];
            int k = run.length();
            boolean firstMustMatch = mustMatch(run, 0);
            int entry = earliest;
            if (firstMustMatch) {
                entry = occurrences.next(run.keys()[0], earliest);
                if (entry < 0) {
                    throw errors.notFound(run, 0, "first");
                }
            }
            lo[r] = entry;
            int exit = entry;
            if (mustMatch(run, k - 1)) {
                int from = firstMustMatch && k > 1 ? entry + 1 : entry;
                int last = occurrences.next(run.keys()[k - 1], from);
                if (last < 0) {
                    throw errors.notFound(run, k - 1, "last");
                }
                exit = last + 1;
            }
            earliest = exit;
        }
        int latest = n;
        for (int r = runs.length - 1; r >= 0; r--) {
            Segment run = runs[r];
            int k = run.length();
            boolean lastMustMatch = mustMatch(run, k - 1);
            int exit = latest;
            if (lastMustMatch) {
                exit = occurrences.previous(run.keys()[k - 1], latest - 1) + 1;
            }
            hi[r] = run.markerAfter() ? exit : n;
            int entry = hi[r];
            if (mustMatch(run, 0)) {
                int before = lastMustMatch && k > 1 ? hi[r] - 2 : hi[r] - 1;
                entry = occurrences.previous(run.keys()[0], before);
            }
            latest = entry;
            if (!run.markerBefore()) {
                lo[r] = 0;
            }
        }
        for (int r = 0; r < runs.length; r++) {
            if (lo[r] > hi[r]) {
                throw errors.notFound(runs[r], 0, "first");
            }
        }
    }

    private static boolean mustMatch(Segment run, int line) {
        boolean edge = line == 0 ? run.markerBefore() : run.markerAfter();
        return edge && run.keys()[line] != LineKeys.BLANK;
    }

    // ---- the cost model ------------------------------------------------------------------------
    //
    // An alignment is read as the snippet's writer produced it: a few unchanged lines of context, a change
    // (a block of inserted and deleted lines), context, ..., context. Its cost is the sum of:
    //  - per change block, BLOCK; per inserted update line, INSERT (INSERT_COMMON for a line the original has
    //    COMMON times or more: new code repeats braces and annotations); per deleted original line, DELETE (a
    //    deletion is cheap per line: a whole function goes in one block, and a reading that keeps it and
    //    duplicates the lines around it instead pays INSERT for each);
    //  - for context that does not look like context, next to a marker: a run whose first change comes
    //    after fewer than EDGE_CONTEXT unchanged lines, or whose last change is followed by fewer (snippets,
    //    like unified diffs, show about three; one is common; none is a guess between insert and replace).
    // Each DP cell therefore has one value per state: LEAD + t (t unchanged lines since the run began, no
    // change yet), IN_BLOCK, and AFTER + t (t unchanged lines since the last change), t capped at
    // EDGE_CONTEXT. The constants were chosen on real-commit snippets (bench/morph) in a flat region of
    // the accuracy curve; docs/morph.md has the figures.

    static final int INSERT = 4;
    static final int INSERT_COMMON = 3;
    static final int COMMON = 3;
    static final int DELETE = 1;
    static final int BLOCK = 6;
    static final int NO_CONTEXT = 8;
    static final int ONE_LINE_CONTEXT = 2;
    static final int TWO_LINE_CONTEXT = 3;
    static final int EDGE_CONTEXT = 3;

    private static final int LEAD = 0;
    private static final int LEAD_STATES = EDGE_CONTEXT + 1;
    private static final int IN_BLOCK = LEAD_STATES;
    private static final int AFTER = IN_BLOCK + 1;
    private static final int AFTER_STATES = EDGE_CONTEXT;
    static final int STATES = AFTER + AFTER_STATES;

    /** The state after matching one more line. */
    private static final int[] MATCH_NEXT = new int[STATES];

    static {
        for (int t = 0; t < LEAD_STATES; t++) {
            MATCH_NEXT[LEAD + t] = LEAD + Math.min(t + 1, LEAD_STATES - 1);
        }
        MATCH_NEXT[IN_BLOCK] = AFTER;
        for (int t = 1; t <= AFTER_STATES; t++) {
            MATCH_NEXT[AFTER + t - 1] = AFTER + Math.min(t, AFTER_STATES - 1);
        }
    }

    /** Costs that depend on whether a marker is next to the run. */
    private static final class RunCosts {
        /** Cost of starting or continuing a change block from each state. */
        final int[] change = new int[STATES];
        /** Cost of ending the run in each state. */
        final int[] exit = new int[STATES];
        RunCosts(Segment run) {
            for (int t = 0; t < LEAD_STATES; t++) {
                change[LEAD + t] = BLOCK + (run.markerBefore() ? shortContext(t) : 0);
                exit[LEAD + t] = run.markerAfter() ? shortContext(t) : 0;
            }
            change[IN_BLOCK] = 0;
            exit[IN_BLOCK] = run.markerAfter() ? shortContext(0) : 0;
            for (int t = 1; t <= AFTER_STATES; t++) {
                change[AFTER + t - 1] = BLOCK;
                exit[AFTER + t - 1] = run.markerAfter() ? shortContext(t) : 0;
            }
        }

        private static int shortContext(int lines) {
            return switch (lines) {
                case 0 -> NO_CONTEXT;
                case 1 -> ONE_LINE_CONTEXT;
                case 2 -> TWO_LINE_CONTEXT;
                default -> 0;
            };
        }
    }

    private static boolean isEdge(Segment run, int line) {
        return (line == 0 && run.markerBefore()) || (line == run.length() - 1 && run.markerAfter());
    }

    /**
     * Cost of inserting update line {@code line}: INF for a non-blank line next to a marker; INSERT + COPY for a line
     * that declares something the original has once; INSERT_COMMON for a
     * line that occurs at least COMMON times in the original (a closing brace, a blank line, an annotation):
     * new code repeats such lines, so a reading that inserts them is not to be outweighed by one that matches
     * them elsewhere and deletes the code between (a new test inserted after a similar one, not replacing it).
     */
    private int insertCost(Segment run, int line) {
        if (isEdge(run, line)) {
            return run.keys()[line] == LineKeys.BLANK ? INSERT + EDGE_BLANK_INSERT : INF;
        }
        if (copiesDeclaration[run.updateStart() + line]) {
            return INSERT + COPY;
        }
        return occurrences.count(run.keys()[line]) >= COMMON ? INSERT_COMMON : INSERT;
    }

    /**
     * Extra cost of inserting a line that declares something the original has once ({@link Declarations#declares}: an
     * import, a function's or a test's header). A file does not import a thing twice or declare a function twice, so a
     * reading that writes such a line anew, beside the original's copy, is paying for a second declaration; the
     * reading that matches it usually deletes the code the snippet replaces instead. 20 is the middle of the range
     * (16 to 24) that placed the most cases without a silent one on both corpora (docs/morph.md, tenth pass).
     */
    static final int COPY = 20;

    private static final int NO_MATCH = 0;
    private static final int EXACT = 1;
    private static final int MODIFIED = 2;
    /** Different lines that look alike (only in the second pass, {@link #likeness}): one replaced by the other. */
    private static final int ALIKE = 3;

    /** Cost of a line equal to its original but for indentation or inner spacing: a change, a cheap one. */
    static final int MODIFY = 1;

    /**
     * EXACT when the lines are equal but for trailing whitespace (drift is not a change), MODIFIED when they
     * are equal only with all whitespace ignored (a re-indented line: a change in the snippet's shape).
     */
    private int matchKind(Segment run, int line, int column) {
        if (run.keys()[line] != original[column]) {
            return likeness && alike(run, line, column) ? ALIKE : NO_MATCH;
        }
        return run.exactKeys()[line] == originalExact[column] ? EXACT : MODIFIED;
    }

    private static int changeCost(int kind) {
        return kind == MODIFIED ? MODIFY : SUBSTITUTE;
    }

    /**
     * Whether update line {@code line} of a run looks like original line {@code column}: both non-blank, and
     * {@link Likeness#alike}.
     */
    boolean alike(Segment run, int line, int column) {
        return run.keys()[line] != LineKeys.BLANK && original[column] != LineKeys.BLANK
                && Likeness.alike(updateLines.get(run.updateStart() + line), originalLines.get(column));
    }

    /** Whether update line {@code line} of a run shares its tokens with original line {@code column} ({@link Likeness#shareTokens}). */
    boolean sharesTokens(Segment run, int line, int column) {
        return run.keys()[line] != LineKeys.BLANK && original[column] != LineKeys.BLANK
                && Likeness.shareTokens(updateLines.get(run.updateStart() + line), originalLines.get(column));
    }

    static final int SUBSTITUTE = 2;
    static final int THIN = 3;

    /** Whether original lines may be deleted while at row {@code row} (0 = before the run's first line). */
    private static boolean deletes(Segment run, int row) {
        if (row == 0) {
            return !run.markerBefore();
        }
        if (row == run.length()) {
            return !run.markerAfter();
        }
        return true;
    }

    /** Cost of deleting original line {@code column}. */
    private int deleteCost(int column) {
        if (kept != null && kept[column] && original[column] != LineKeys.BLANK) {
            return INF;
        }
        return DELETE;
    }

    private static int add(int a, int b) {
        return Math.min(INF, a + b);
    }

    private static int[][] infinite(int width) {
        int[][] rows = new int[STATES][width];
        for (int[] row : rows) {
            Arrays.fill(row, INF);
        }
        return rows;
    }

    // ---- the two passes ------------------------------------------------------------------------
    //
    // Forward values say what reaching a cell costs, backward values what finishing from it costs; their
    // sums at a run's first and last row give the cost of the best alignment that enters or leaves the run
    // at each column.

    /** Row i+1 from row i (consuming update line i), then the deletions along row i+1. */
    private void forwardRow(Segment run, RunCosts costs, int i, int from, int[][] current, int[][] next) {
        int width = next[0].length;
        int insert = insertCost(run, i);
        boolean deletes = deletes(run, i + 1);
        int[] change = costs.change;
        for (int c = 0; c < width; c++) {
            int kind = c > 0 ? matchKind(run, i, from + c - 1) : NO_MATCH;
            boolean match = kind == EXACT;
            int inserted = INF;
            for (int s = 0; s < STATES; s++) {
                if (match) {
                    int value = current[s][c - 1];
                    if (value < INF) {
                        int target = MATCH_NEXT[s];
                        next[target][c] = Math.min(next[target][c], value);
                    }
                }
                if (kind >= MODIFIED && current[s][c - 1] < INF) {
                    next[IN_BLOCK][c] = Math.min(next[IN_BLOCK][c], add(current[s][c - 1], change[s] + changeCost(kind)));
                }
                inserted = Math.min(inserted, add(current[s][c], change[s]));
            }
            next[IN_BLOCK][c] = Math.min(next[IN_BLOCK][c], add(inserted, insert));
            if (deletes && c > 0) {
                int deleted = INF;
                for (int s = 0; s < STATES; s++) {
                    deleted = Math.min(deleted, add(next[s][c - 1], change[s]));
                }
                next[IN_BLOCK][c] = Math.min(next[IN_BLOCK][c], add(deleted, deleteCost(from + c - 1)));
            }
        }
        meter.add((long) width * STATES);
    }

    private void forward() {
        int[] previousOut = null;
        int previousLo = 0;
        for (int r = 0; r < runs.length; r++) {
            Segment run = runs[r];
            RunCosts costs = new RunCosts(run);
            int k = run.length();
            int width = hi[r] - lo[r] + 1;
            int[][] row = infinite(width);
            if (!run.markerBefore()) {
                // the file's start: original lines before the run's first matched line are deleted
                row[LEAD][0] = 0;
                for (int c = 1; c < width; c++) {
                    int deleted = INF;
                    for (int s = 0; s < STATES; s++) {
                        deleted = Math.min(deleted, add(row[s][c - 1], costs.change[s]));
                    }
                    row[IN_BLOCK][c] = add(deleted, deleteCost(lo[r] + c - 1));
                }
            } else if (previousOut == null) {
                Arrays.fill(row[LEAD], 0);
            } else {
                // a marker keeps any number of original lines: the best exit of the previous run at or before here
                int running = INF;
                int p = 0;
                for (int c = 0; c < width; c++) {
                    int column = lo[r] + c;
                    while (p < previousOut.length && previousLo + p <= column) {
                        running = Math.min(running, previousOut[p]);
                        p++;
                    }
                    row[LEAD][c] = running;
                }
            }
            if (r == forcedRun && forcedEntry >= 0) {
                // the reading that enters this run at one given column (rejectContextLineReadAsNew)
                for (int c = 0; c < width; c++) {
                    if (lo[r] + c != forcedEntry) {
                        row[LEAD][c] = INF;
                    }
                }
            }
            meter.add(width);
            firstRows[r] = row;
            for (int i = 0; i < k; i++) {
                int[][] next = infinite(width);
                forwardRow(run, costs, i, lo[r], row, next);
                if (i == k - 2) {
                    lastRows[r] = next;
                }
                row = next;
            }
            if (k == 1) {
                lastRows[r] = firstRows[r];
            }
            int[] out = new int[width];
            for (int c = 0; c < width; c++) {
                int best = INF;
                for (int s = 0; s < STATES; s++) {
                    best = Math.min(best, add(row[s][c], costs.exit[s]));
                }
                out[c] = r == forcedRun && forcedExit >= 0 && lo[r] + c != forcedExit ? INF : best;
            }
            previousOut = out;
            previousLo = lo[r];
        }
        Segment last = runs[runs.length - 1];
        if (last.markerAfter()) {
            int best = INF;
            for (int value : previousOut) {
                best = Math.min(best, value);
            }
            optimum = best;
        } else {
            optimum = previousOut[previousOut.length - 1];
        }
    }

    /** Row i from row i+1 (what finishing costs from each state before update line i). */
    private void backwardRow(Segment run, RunCosts costs, int i, int from, int[][] next, int[][] current) {
        int width = next[0].length;
        int insert = insertCost(run, i);
        boolean deletes = deletes(run, i);
        int[] change = costs.change;
        for (int c = width - 1; c >= 0; c--) {
            int kind = c < width - 1 ? matchKind(run, i, from + c) : NO_MATCH;
            boolean match = kind == EXACT;
            int changeRest = add(next[IN_BLOCK][c], insert);
            if (deletes && c < width - 1) {
                changeRest = Math.min(changeRest, add(current[IN_BLOCK][c + 1], deleteCost(from + c)));
            }
            for (int s = 0; s < STATES; s++) {
                int value = add(change[s], changeRest);
                if (match) {
                    value = Math.min(value, next[MATCH_NEXT[s]][c + 1]);
                } else if (kind >= MODIFIED) {
                    value = Math.min(value, add(change[s] + changeCost(kind), next[IN_BLOCK][c + 1]));
                }
                current[s][c] = value;
            }
        }
        meter.add((long) width * STATES);
    }

    private void backward() {
        int[] nextIn = null;
        int nextLo = 0;
        for (int r = runs.length - 1; r >= 0; r--) {
            Segment run = runs[r];
            RunCosts costs = new RunCosts(run);
            int k = run.length();
            int width = hi[r] - lo[r] + 1;
            int[][] row = new int[STATES][width];
            if (r == runs.length - 1) {
                // hi[r] is n here when no marker follows: deleting the rest of the file from each column
                int restCost = 0;
                for (int c = width - 1; c >= 0; c--) {
                    int column = lo[r] + c;
                    int rest = n - column;
                    if (column < n) {
                        restCost = add(restCost, deleteCost(column));
                    }
                    for (int s = 0; s < STATES; s++) {
                        row[s][c] = !run.markerAfter() && rest > 0
                                ? add(costs.change[s], restCost)
                                : costs.exit[s];
                    }
                }
            } else {
                int running = INF;
                int p = nextIn.length - 1;
                for (int c = width - 1; c >= 0; c--) {
                    int column = lo[r] + c;
                    while (p >= 0 && nextLo + p >= column) {
                        running = Math.min(running, nextIn[p]);
                        p--;
                    }
                    for (int s = 0; s < STATES; s++) {
                        row[s][c] = add(costs.exit[s], running);
                    }
                }
            }
            if (r == forcedRun && forcedExit >= 0) {
                // the reading that leaves this run at one given column: what finishing costs from any other is INF,
                // so that the entries (and the runs before) are those of that reading
                for (int c = 0; c < width; c++) {
                    if (lo[r] + c != forcedExit) {
                        for (int s = 0; s < STATES; s++) {
                            row[s][c] = INF;
                        }
                    }
                }
            }
            meter.add(width);
            evaluateExits(r, costs, row);
            if (k == 1) {
                evaluateEntries(r, costs, row);
            }
            for (int i = k - 1; i >= 0; i--) {
                int[][] previous = new int[STATES][width];
                backwardRow(run, costs, i, lo[r], row, previous);
                row = previous;
                if (i == 1) {
                    evaluateEntries(r, costs, row);
                }
            }
            nextIn = row[LEAD];
            if (r == forcedRun && forcedEntry >= 0) {
                // the runs before are those of the reading that enters this run at the given column
                for (int c = 0; c < width; c++) {
                    if (lo[r] + c != forcedEntry) {
                        nextIn[c] = INF;
                    }
                }
            }
            nextLo = lo[r];
        }
    }

    static final int MAX_NEAR = 32;

    /** The columns whose value is within MARGIN of the best, or null when there are more than MAX_NEAR. */
    private static int[] near(int[] values, int best) {
        int count = 0;
        for (int value : values) {
            if (value < add(best, MARGIN)) {
                count++;
            }
        }
        if (count > MAX_NEAR) {
            return null;
        }
        int[] columns = new int[count];
        int i = 0;
        for (int c = 0; c < values.length; c++) {
            if (values[c] < add(best, MARGIN)) {
                columns[i++] = c;
            }
        }
        return columns;
    }

    /** For every column: the cost of the best alignment whose run leaves its row 0 there. */
    private void evaluateEntries(int r, RunCosts costs, int[][] second) {
        Segment run = runs[r];
        int[][] first = firstRows[r];
        int width = first[0].length;
        int insert = insertCost(run, 0);
        int[] values = new int[width];
        int best = INF;
        int bestColumn = 0;
        int runnerUp = INF;
        int runnerUpColumn = -1;
        for (int c = 0; c < width; c++) {
            int kind = c < width - 1 ? matchKind(run, 0, lo[r] + c) : NO_MATCH;
            boolean match = kind == EXACT;
            int value = INF;
            for (int s = 0; s < STATES; s++) {
                int reach = first[s][c];
                if (reach >= INF) {
                    continue;
                }
                value = Math.min(value, add(add(reach, add(costs.change[s], insert)), second[IN_BLOCK][c]));
                if (match) {
                    value = Math.min(value, add(reach, second[MATCH_NEXT[s]][c + 1]));
                } else if (kind >= MODIFIED) {
                    value = Math.min(value, add(add(reach, costs.change[s] + changeCost(kind)), second[IN_BLOCK][c + 1]));
                }
            }
            values[c] = value;
            if (value < best) {
                runnerUp = best;
                runnerUpColumn = bestColumn;
                best = value;
                bestColumn = c;
            } else if (value < runnerUp) {
                runnerUp = value;
                runnerUpColumn = c;
            }
        }
        bestEntry[r] = lo[r] + bestColumn;
        secondEntryCost[r] = runnerUp;
        nearEntries[r] = near(values, best);
        secondEntry[r] = runnerUpColumn < 0 ? -1 : lo[r] + runnerUpColumn;
        firstRows[r] = null;
    }

    /** For every column: the cost of the best alignment whose run enters its last row there. */
    private void evaluateExits(int r, RunCosts costs, int[][] last) {
        Segment run = runs[r];
        int k = run.length();
        int[][] before = lastRows[r];
        int width = before[0].length;
        int insert = insertCost(run, k - 1);
        int[] values = new int[width];
        int best = INF;
        int bestColumn = 0;
        int runnerUp = INF;
        int runnerUpColumn = -1;
        for (int c = 0; c < width; c++) {
            int kind = c > 0 ? matchKind(run, k - 1, lo[r] + c - 1) : NO_MATCH;
            boolean match = kind == EXACT;
            int value = INF;
            for (int s = 0; s < STATES; s++) {
                int reach = before[s][c];
                if (reach < INF) {
                    value = Math.min(value, add(add(reach, add(costs.change[s], insert)), last[IN_BLOCK][c]));
                }
                if (match && before[s][c - 1] < INF) {
                    value = Math.min(value, add(before[s][c - 1], last[MATCH_NEXT[s]][c]));
                } else if (kind >= MODIFIED && before[s][c - 1] < INF) {
                    value = Math.min(value, add(add(before[s][c - 1], costs.change[s] + changeCost(kind)), last[IN_BLOCK][c]));
                }
            }
            if (r == forcedRun && forcedExit >= 0 && lo[r] + c != forcedExit) {
                value = INF;
            }
            values[c] = value;
            if (value < best) {
                runnerUp = best;
                runnerUpColumn = bestColumn;
                best = value;
                bestColumn = c;
            } else if (value < runnerUp) {
                runnerUp = value;
                runnerUpColumn = c;
            }
        }
        if (r == forcedRun && forcedEntry >= 0) {
            exitsAfterForcedEntry = values;
        }
        bestExit[r] = lo[r] + bestColumn;
        secondExitCost[r] = runnerUp;
        nearExits[r] = near(values, best);
        secondExit[r] = runnerUpColumn < 0 ? -1 : lo[r] + runnerUpColumn;
        lastRows[r] = null;
    }

    // ---- the chosen alignment of each run ------------------------------------------------------

    /**
     * The window of a run: from its entry (the file's start when no marker comes before it) to its exit (the
     * file's end when none comes after). Inside it, the run's lines are matched to the window's lines by a
     * longest common subsequence, so every unchanged line is found and written as the original's text.
     */
    private Window traceback(int r) {
        return traceback(r, runs[r].markerBefore() ? bestEntry[r] : 0, runs[r].markerAfter() ? bestExit[r] : n);
    }

    /** The window of run r over [start, end), as {@link #traceback(int)} matches its lines. */
    private Window traceback(int r, int start, int end) {
        Segment run = runs[r];
        int k = run.length();
        int width = end - start;
        // most matched lines first; among alignments with as many, the one whose blank lines agree in text
        int agreement = (long) (3 * k + 1) * (k + 1) < Integer.MAX_VALUE ? 3 : 0;
        int weight = agreement * k + 1;
        int[][] common = new int[k + 1][width + 1];
        for (int i = k - 1; i >= 0; i--) {
            int key = run.keys()[i];
            int[] row = common[i];
            int[] below = common[i + 1];
            for (int c = width - 1; c >= 0; c--) {
                row[c] = key == original[start + c]
                        ? Math.max(below[c + 1] + weight + textAgreement(run, i, start + c, agreement),
                                Math.max(below[c], row[c + 1]))
                        : Math.max(below[c], row[c + 1]);
            }
        }
        meter.add((long) (k + 1) * (width + 1));
        int[] matches = new int[k];
        Arrays.fill(matches, -1);
        int i = 0;
        int c = 0;
        while (i < k && c < width) {
            if (run.keys()[i] == original[start + c]
                    && common[i][c] == common[i + 1][c + 1] + weight + textAgreement(run, i, start + c, agreement)) {
                matches[i] = start + c;
                i++;
                c++;
            } else if (common[i + 1][c] >= common[i][c + 1]) {
                i++;
            } else {
                c++;
            }
        }
        int matched = 0;
        for (int match : matches) {
            matched += match >= 0 ? 1 : 0;
        }
        boolean changesCode = width != k || matched != k;
        boolean changesText = changesCode;
        for (int line = 0; line < k && !changesText; line++) {
            changesText = !updateLines.get(run.updateStart() + line).equals(originalLines.get(matches[line]));
        }
        return new Window(start, end, matches, changesCode, changesText);
    }

    /**
     * How well a blank update line stands for a blank original line (blank lines all compare equal, so their
     * whitespace decides which blank line of the original a blank line of the update is): best when the update's
     * whitespace occurs on no blank line of the original (a model's drift, which belongs on a context line), then
     * when the two are the same text (a line of one tab is the original's line of one tab, and an inserted empty
     * line is not the context around it).
     */
    private int textAgreement(Segment run, int line, int column, int agreement) {
        if (agreement == 0 || original[column] != LineKeys.BLANK) {
            return 0;
        }
        String written = updateLines.get(run.updateStart() + line);
        if (!written.isEmpty() && !blankTexts().contains(written)) {
            return agreement;
        }
        return written.equals(originalLines.get(column)) ? agreement * 2 / 3 : 0;
    }

    private java.util.Set<String> blankTexts;

    private java.util.Set<String> blankTexts() {
        if (blankTexts == null) {
            blankTexts = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                if (original[i] == LineKeys.BLANK) {
                    blankTexts.add(originalLines.get(i));
                }
            }
            meter.add(n);
        }
        return blankTexts;
    }

    // ---- errors --------------------------------------------------------------------------------

    private EditNotPlaceableException diagnoseNotFound() {
        // bound() found every edge line in order, so the runs conflict with one another only through order
        Segment run = runs[runs.length - 1];
        return errors.notFound(run, 0, "first");
    }
}
