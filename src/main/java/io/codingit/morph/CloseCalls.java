package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;
import java.util.List;

/**
 * Settles a run whose best start or end is too close to call (docs/morph.md, "Placement by alignment"): by the
 * reading that alone does not copy a declaration, keeps the brackets balanced, does not rewrite an unrelated block,
 * has its changed lines replace lookalikes, leaves no use of a deleted import, keeps the headers of the blocks it
 * ends, has its markers stand for code inside the blocks the snippet shows open, or alone among replacements replaces
 * a line sharing its names ({@link ReplacementSharingNames}); and, at a blank edge line, by the
 * start or end that deletes fewest lines. One per pass: it reads the pass's columns and costs, and keeps what it
 * computed for the pass (the brackets, the work charged).
 */
final class CloseCalls extends PassReader {

    private final int[][] nearEntries;
    private final int[][] nearExits;
    private Brackets originalBrackets;
    private Brackets updateBrackets;
    /** Whether the original indents what its brackets enclose ({@link Brackets#indentsItsBlocks}); set with them. */
    private boolean originalIndentsItsBlocks;
    /** Whether this pass has charged the work budget for {@link #fewestDeletions}. */
    private boolean deletionsCharged;

    CloseCalls(Alignment alignment) {
        super(alignment);
        this.nearEntries = alignment.nearEntries;
        this.nearExits = alignment.nearExits;
    }

    /** One full reading of the update, as seen from one run: that run's window and what it does there. */
    record Reading(Window[] windows, int matched, int deleted, int replacedLookalikes, int replacedTokenLookalikes,
                   int replacedCloseLookalikes, int lookalikeDifference, boolean copiesADeclaration, int cost) {
    }

    /**
     * A run whose best start or end is too close to call, settled by what its changed lines replace. Every reading
     * within the margin that starts or ends the run at a close column is read in full ({@link #closeReadings}: each
     * a whole alignment with its own cost, charged to the work bound); readings that give the same file count once,
     * and readings that anchor on nothing are left out.
     *
     * <p>A reading that writes anew a line which declares something ({@link Declarations#declares}: a named block's
     * header, an import) and which the original has exactly once makes a second copy of it (a second {@code func
     * Validate(c *Context, obj interface{}) error {}, a second {@code import pytest}): when all readings but one do,
     * that one is taken (the others read the line as new code next to the original's, where the one left matches it),
     * unless it leaves unbalanced the brackets of an original that balances them and indents its blocks: then it is
     * not the snippet's reading either (seventeenth pass).
     *
     * <p>Otherwise, when exactly one reading has a changed line stand where an original line sharing its tokens
     * ({@link Likeness#shareTokens}: {@code try (Source source = Okio.source(file)) {} for {@code source =
     * Okio.source(file);}, or a lookalike) is deleted, it copies no declaration, and it matches strictly more of the
     * run's lines than every other reading, it is taken: the others match fewer lines and replace nothing that their
     * changed lines resemble.
     *
     * <p>Otherwise, when they all match as many of the run's lines, the one in which the most changed lines stand
     * where an original line they resemble ({@link Alignment#alike}) is deleted, then the one deleting the fewest
     * original lines, is taken, provided it is the only such reading and at least one of its changed lines replaces
     * a lookalike: {@code __version__ = "2.2.3.dev"} between blank lines
     * replaces {@code __version__ = "2.2.3"}; it is not inserted between two blank lines further on, and the
     * deletion does not carry on to the next blank line. When they match different numbers of lines but the same
     * code lines (non-blank) at the same original lines, differing only in the blank lines they match — which single
     * out no place — the same order is taken, counting only changed lines that replace a line they both resemble and
     * share their tokens with (a rewrapped {@code fun portOf(…) = address.port}, not {@code def count(text):} for
     * {@code def parse(text):}). A snippet whose close readings match different code lines of it, or whose changed
     * lines resemble nothing they would replace, stays ambiguous.
     *
     * <p>The bracket comparison (in between, {@link Brackets}) leaves out the readings that copy a declaration, when
     * some reading does not, and takes the one balanced reading left even when it costs a little more than the best:
     * in an original that balances and indents its blocks, a reading that leaves the brackets unbalanced is not the
     * snippet's.
     *
     * @return whether run r's window was settled (bestEntry and bestExit set to it)
     */
    boolean settle(int r, long cells, long budget) {
        List<Reading> readings = closeReadings(r, cells, budget);
        if (readings == null) {
            return false;
        }
        List<Reading> noCopiedDeclaration = readings.stream().filter(x -> !x.copiesADeclaration()).toList();
        if (readings.size() > 1 && noCopiedDeclaration.size() == 1 && !leavesTheBracketsUnbalanced(r,
                noCopiedDeclaration.getFirst(), readings.size(), cells, budget)) {
            bestEntry[r] = noCopiedDeclaration.getFirst().windows()[r].start();
            bestExit[r] = noCopiedDeclaration.getFirst().windows()[r].end();
            return true;
        }
        if (readings.size() > 1 && bracketChecksFit(r, readings.size(), cells, budget) && originalBrackets().balanced()
                && originalIndentsItsBlocks) {
            // a reading that writes a second copy of a unique declaration is out of the comparison, as above
            boolean copiesRuledOut = !noCopiedDeclaration.isEmpty();
            List<Reading> balanced = (copiesRuledOut ? noCopiedDeclaration : readings).stream()
                    .filter(x -> balances(x.windows())).toList();
            if (balanced.size() == 1 && noOtherSpanBalances(r, balanced.getFirst().windows(), copiesRuledOut)) {
                bestEntry[r] = balanced.getFirst().windows()[r].start();
                bestExit[r] = balanced.getFirst().windows()[r].end();
                return true;
            }
        }
        List<Reading> noUnrelatedRewrite = readings.stream().filter(x -> !rewritesAnotherBlock(r, x.windows()[r])).toList();
        if (readings.size() > 1 && noUnrelatedRewrite.size() == 1 && noUnrelatedRewrite.getFirst().deleted() == 0
                && !noUnrelatedRewrite.getFirst().copiesADeclaration()) {
            bestEntry[r] = noUnrelatedRewrite.getFirst().windows()[r].start();
            bestExit[r] = noUnrelatedRewrite.getFirst().windows()[r].end();
            return true;
        }
        List<Reading> sharingTokens = readings.stream().filter(x -> x.replacedTokenLookalikes() > 0).toList();
        if (readings.size() > 1 && sharingTokens.size() == 1 && !sharingTokens.getFirst().copiesADeclaration()
                && readings.stream().allMatch(x -> x.replacedLookalikes() == 0 && (x == sharingTokens.getFirst()
                        || x.matched() < sharingTokens.getFirst().matched()))) {
            bestEntry[r] = sharingTokens.getFirst().windows()[r].start();
            bestExit[r] = sharingTokens.getFirst().windows()[r].end();
            return true;
        }
        if (readings.isEmpty()) {
            return false;
        }
        if (readings.stream().allMatch(x -> x.matched() == readings.getFirst().matched())
                ? settleByLookalikes(r, readings, Reading::replacedLookalikes)
                : readings.stream().allMatch(x -> sameCodeMatches(r, x.windows()[r], readings.getFirst().windows()[r]))
                        && settleByLookalikes(r, readings, Reading::replacedCloseLookalikes)) {
            return true;
        }
        return settleByDeletedImports(r, readings, cells, budget)
                || settleByKeptHeaders(r, readings, cells, budget)
                || settleByLookalikesSharingNames(r, readings)
                || settleByMarkersThatKeepBlocks(r, readings, cells, budget)
                || settleByReplacementSharingNames(r, readings);
    }

    /** {@link ReplacementSharingNames}: the one replacement whose changed lines share their names with what they replace. */
    private boolean settleByReplacementSharingNames(int r, List<Reading> readings) {
        Reading sharing = ReplacementSharingNames.settle(alignment, r, readings);
        return sharing != null && take(r, sharing);
    }

    /** At most this many pairings of a close start and a close end of one run are read ({@link #closeReadings}). */
    static final int MAX_PAIRINGS = 2 * Alignment.MAX_NEAR;

    /**
     * The close readings of run r: every whole alignment within the margin of the best that starts or ends the run
     * at a close column, each counted once (readings that give the same file are one), leaving out those that anchor
     * on nothing; null when there are too many or the work bound does not allow reading them.
     *
     * <p>A run with markers on both sides is read through every pairing of a close start and a close end, whole: the
     * runs before it as the best reading entering at that start places them, the run over [start, end), the runs
     * after as the best reading leaving at that end places them, with the cost of that alignment (the pass forced to
     * that start gives what each end costs). A pass forced at one column alone would give the best reading through
     * it, not the other close readings: the window of the best start with another reading's end is an alignment
     * nobody computed (seventeenth pass), and a start and an end that are each best in no forced pass can still make
     * a close reading together. One forced pass per close start and per close end, as before; each pairing is one
     * window's traceback more, charged as a share of a pass.
     */
    private List<Reading> closeReadings(int r, long cells, long budget) {
        Segment run = runs[r];
        int[] entries = nearEntries[r];
        int[] exits = nearExits[r];
        if ((run.markerBefore() && entries == null) || (run.markerAfter() && exits == null)) {
            return null;
        }
        List<Reading> readings = new java.util.ArrayList<>();
        if (!run.markerBefore() || !run.markerAfter()) {
            // the run's other edge is the file's: each close column's best reading is the only one through it
            boolean entry = run.markerBefore();
            for (int c : entry ? entries : exits) {
                Alignment other = forcedPass(r, entry, lo[r] + c, cells, budget);
                if (other == null) {
                    return null;
                }
                addReading(readings, r, other.bestWindows(), other.optimum);
            }
            return readings;
        }
        Alignment[] entryPasses = new Alignment[entries.length];
        Window[][] beforeWindows = new Window[entries.length][];
        for (int i = 0; i < entries.length; i++) {
            entryPasses[i] = forcedPass(r, true, lo[r] + entries[i], cells, budget);
            if (entryPasses[i] == null) {
                return null;
            }
            beforeWindows[i] = entryPasses[i].bestWindows();
        }
        Window[][] afterWindows = new Window[exits.length][];
        for (int j = 0; j < exits.length; j++) {
            Alignment other = forcedPass(r, false, lo[r] + exits[j], cells, budget);
            if (other == null) {
                return null;
            }
            afterWindows[j] = other.bestWindows();
        }
        int pairings = 0;
        long traced = 0;
        for (int i = 0; i < entries.length; i++) {
            for (int j = 0; j < exits.length; j++) {
                int start = lo[r] + entries[i];
                int end = lo[r] + exits[j];
                int cost = entryPasses[i].costLeavingAt(end);
                if (start > end || cost >= alignment.optimum + Alignment.MARGIN || beforeWindows[i] == null
                        || afterWindows[j] == null) {
                    continue;
                }
                if (++pairings > MAX_PAIRINGS) {
                    return null;
                }
                traced += (long) (run.length() + 1) * (end - start + 1);
                if (traced > cells) {
                    // the tracebacks of the pairings, a pass's worth at a time
                    if ((alignment.passes[0] + 1) * cells > budget) {
                        return null;
                    }
                    alignment.passes[0]++;
                    traced -= cells;
                }
                addReading(readings, r, alignment.readingThrough(r, start, end, beforeWindows[i], afterWindows[j]), cost);
            }
        }
        return readings;
    }

    /** A pass forced to enter (or leave) run r at {@code column}, charged to the work bound; null past it. */
    private Alignment forcedPass(int r, boolean entry, int column, long cells, long budget) {
        if ((alignment.passes[0] + 1) * cells > budget) {
            return null;
        }
        alignment.passes[0]++;
        return alignment.forcedThrough(r, entry, column);
    }

    private void addReading(List<Reading> readings, int r, Window[] windows, int cost) {
        if (windows != null && !anchorsOnNothing(r, windows[r])
                && readings.stream().noneMatch(known -> alignment.sameFile(known.windows(), windows))) {
            readings.add(reading(r, windows, cost));
        }
    }

    /**
     * When every close reading of run r but one takes away the header of a block around code it keeps
     * ({@link #removesAnEnclosingHeader}, in any of its change blocks: a named block's header, indented less than
     * every line the run writes, that no written line resembles), the one left is taken, unless it copies a
     * declaration: such a reading leaves that block's body and closing line to the block before, a change the
     * snippet, which writes nothing at that depth, does not show (sixteenth pass (d)). A method's body rewritten,
     * shown up to its <code>}</code>, also reads as going on to delete the next method's header and body and match its
     * <code>}</code>: one more line matched, but the reading no snippet means.
     */
    private boolean settleByKeptHeaders(int r, List<Reading> readings, long cells, long budget) {
        if (readings.size() < 2 || alignment.passes[0] * cells
                + (long) readings.size() * (runs[r].length() + 1) * (n + 1) > budget) {
            return false;
        }
        List<Reading> keepHeaders = readings.stream()
                .filter(x -> !removesAnEnclosingHeaderInAnyBlock(r, x.windows()[r])).toList();
        return keepHeaders.size() == 1 && !keepHeaders.getFirst().copiesADeclaration()
                && take(r, keepHeaders.getFirst());
    }

    /**
     * When the close readings of run r match as many of its lines and tie on the lookalikes their changed lines
     * replace ({@link #settleByLookalikes} settled nothing), the tie is broken by the stricter measure: changed lines
     * that replace a line they both resemble and share their names with ({@link Likeness#shareTokens}). {@code
     * return fold(this, catch, recover, transform)} resembles, by start and end, every {@code return fold(…,
     * recover, transform)} of a file, but shares its names with only one of them (sixteenth pass (d)).
     */
    private boolean settleByLookalikesSharingNames(int r, List<Reading> readings) {
        return readings.size() > 1 && readings.stream().allMatch(x -> x.matched() == readings.getFirst().matched())
                && settleByLookalikes(r, new java.util.ArrayList<>(readings), Reading::replacedCloseLookalikes);
    }

    /**
     * In an original that balances its brackets and indents its blocks ({@link Brackets}), when exactly one close
     * reading of run r has every marker between two runs stand for code that closes no bracket opened before it
     * ({@link Brackets#walk} from zero never goes below zero), and it copies no declaration, it is taken: a marker
     * stands for code inside the block the snippet shows open, not for the end of that block and the start of another
     * (sixteenth pass (d)). A constructor's header, a marker and a
     * <code>}</code>, then two methods with a changed parameter each: the <code>}</code> ends the constructor; read as
     * the end of the next method (the marker standing for the constructor's end and that method's header), one method
     * would be written twice.
     */
    private boolean settleByMarkersThatKeepBlocks(int r, List<Reading> readings, long cells, long budget) {
        if (readings.size() < 2 || alignment.passes[0] * cells + (long) readings.size() * (n + 1) > budget) {
            return false;
        }
        if (!originalBrackets().balanced() || !originalIndentsItsBlocks) {
            // brackets that do not balance, or that code does not indent between, say nothing about a marker
            return false;
        }
        meter.add((long) readings.size() * (n + 1));
        List<Reading> keepBlocks = readings.stream().filter(x -> markersKeepBlocks(x.windows())).toList();
        return keepBlocks.size() == 1 && !keepBlocks.getFirst().copiesADeclaration() && take(r, keepBlocks.getFirst());
    }

    /**
     * Whether every marker between two runs stands for original lines that close no bracket opened before them (a
     * reading whose windows overlap, two passes' halves, does not count as one that does).
     */
    private boolean markersKeepBlocks(Window[] windows) {
        for (int q = 1; q < runs.length; q++) {
            if (runs[q].markerBefore() && (windows[q - 1].end() > windows[q].start()
                    || !originalBrackets().walk(windows[q - 1].end(), windows[q].start(), new int[3]))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a reading of run r deletes, in one of its change blocks, the header of a block around code it keeps. */
    private boolean removesAnEnclosingHeaderInAnyBlock(int r, Window window) {
        boolean[] kept = new boolean[window.end() - window.start()];
        for (int match : window.matches()) {
            if (match >= 0) {
                kept[match - window.start()] = true;
            }
        }
        int from = -1;
        for (int c = window.start(); c <= window.end(); c++) {
            boolean deleted = c < window.end() && !kept[c - window.start()];
            if (deleted && from < 0) {
                from = c;
            } else if (!deleted && from >= 0) {
                if (removesAnEnclosingHeader(r, window, new int[] {from, c})) {
                    return true;
                }
                from = -1;
            }
        }
        return false;
    }

    /** Sets run r's window to the reading's; true. */
    private boolean take(int r, Reading reading) {
        bestEntry[r] = reading.windows()[r].start();
        bestExit[r] = reading.windows()[r].end();
        return true;
    }

    /**
     * When every close reading of run r but one keeps a use of a name whose import the update deletes
     * ({@link DeletedImports}), the one left is taken, unless it copies a declaration: an update that takes away an
     * import takes away the code using it. With several readings left it settles nothing (which of them is meant is
     * another question: docs/morph.md, fifteenth pass (a)).
     */
    private boolean settleByDeletedImports(int r, List<Reading> readings, long cells, long budget) {
        if (readings.size() < 2
                || alignment.passes[0] * cells + (long) readings.size() * (n + updateLines.size() + 1) > budget) {
            return false;
        }
        DeletedImports deletedImports = new DeletedImports(alignment);
        List<Reading> consistent = readings.stream()
                .filter(x -> !deletedImports.keepsAUseOfADeletedImport(x.windows())).toList();
        if (consistent.size() != 1 || consistent.getFirst().copiesADeclaration()) {
            return false;
        }
        bestEntry[r] = consistent.getFirst().windows()[r].start();
        bestExit[r] = consistent.getFirst().windows()[r].end();
        return true;
    }

    /**
     * Whether a reading leaves unbalanced the brackets of an original that balances them and indents its blocks
     * ({@link Brackets}): such a reading is not the snippet's, even when it alone does not copy a declaration.
     */
    private boolean leavesTheBracketsUnbalanced(int r, Reading reading, int readingCount, long cells, long budget) {
        return bracketChecksFit(r, readingCount, cells, budget) && originalBrackets().balanced()
                && originalIndentsItsBlocks && !balances(reading.windows());
    }

    /**
     * Takes the one reading in which the most changed lines replace a lookalike (as {@code lookalikes} counts them),
     * then the one deleting the fewest original lines, when it is the only such reading and replaces at least one.
     */
    private boolean settleByLookalikes(int r, List<Reading> readings, java.util.function.ToIntFunction<Reading> lookalikes) {
        java.util.Comparator<Reading> likelier = java.util.Comparator.<Reading>comparingInt(x -> -lookalikes.applyAsInt(x))
                .thenComparingInt(Reading::deleted);
        readings.sort(likelier);
        Reading best = readings.getFirst();
        if (lookalikes.applyAsInt(best) == 0) {
            return false;
        }
        if (readings.size() > 1 && likelier.compare(best, readings.get(1)) == 0) {
            best = leastDifferent(readings.stream().filter(x -> likelier.compare(x, readings.getFirst()) == 0).toList());
            if (best == null) {
                return false;
            }
        }
        if (ExactMatchElsewhere.contradicts(r, runs[r], best, readings, occurrences, updateLines, meter)) {
            return false;
        }
        bestEntry[r] = best.windows()[r].start();
        bestExit[r] = best.windows()[r].end();
        return true;
    }

    /**
     * Of readings that tie on lookalikes and deletions, the one whose changed lines differ by the fewest characters
     * from the code lines they replace ({@link Likeness#difference}), when exactly one does: {@code fun <T>
     * Iterable<T>.toSetOrThrow(): Set<T> {} edits {@code …toSetOrThrow(): Set<T>? {} (1 character), not {@code
     * …toSetOrNull(): Set<T>? {}. Null when some changed line replaces a comment's text (prose is rewritten freely)
     * or the least difference is more than half the next one.
     */
    private static Reading leastDifferent(List<Reading> tied) {
        if (tied.stream().anyMatch(x -> x.lookalikeDifference() < 0)) {
            return null;
        }
        List<Reading> sorted = tied.stream().sorted(java.util.Comparator.comparingInt(Reading::lookalikeDifference)).toList();
        // at most half the runner-up's: a rename that differs from two lookalikes by 23 and 24 characters is a guess
        int least = sorted.get(0).lookalikeDifference();
        int next = sorted.get(1).lookalikeDifference();
        return least < next && 2 * least <= next ? sorted.getFirst() : null;
    }

    /**
     * Whether two readings of run r match its non-blank lines to the same original lines: they differ only in the
     * blank lines they match and in the original lines they delete.
     */
    private boolean sameCodeMatches(int r, Window one, Window other) {
        Segment run = runs[r];
        for (int i = 0; i < run.length(); i++) {
            if (run.keys()[i] != LineKeys.BLANK && one.matches()[i] != other.matches()[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the bracket checks of run r's close call (each reading's file, and every span between a close start and
     * a close end: one walk over the original and the update each) fit in the work bound with what was done so far.
     */
    private boolean bracketChecksFit(int r, int readingCount, long cells, long budget) {
        long spans = (long) (runs[r].markerBefore() ? nearEntries[r].length + 1 : 1)
                * (runs[r].markerAfter() ? nearExits[r].length + 1 : 1);
        long walks = 1 + readingCount + spans;
        return alignment.passes[0] * cells + walks * (n + updateLines.size() + 1) <= budget;
    }

    private Brackets originalBrackets() {
        if (originalBrackets == null) {
            originalBrackets = Brackets.of(originalLines);
            updateBrackets = Brackets.of(updateLines);
            originalIndentsItsBlocks = originalBrackets.indentsItsBlocks(originalLines);
            meter.add(2L * n + updateLines.size());
        }
        return originalBrackets;
    }

    /**
     * Whether no other span of run r between one of its close starts and one of its close ends (the other runs where
     * {@code windows} has them) also gives a balanced file, another one: the close readings are each the best one
     * through one start or one end, and a span through a close start and a close end that no reading took could be
     * the snippet's, so a reading that is the only balanced one among them is not alone. When readings that copy a
     * declaration are ruled out, so are the spans that certainly copy one.
     */
    private boolean noOtherSpanBalances(int r, Window[] windows, boolean copiesRuledOut) {
        Segment run = runs[r];
        int[] uniqueDeclarations = copiesRuledOut ? uniqueDeclarationPositions(run) : new int[0];
        int[] starts = run.markerBefore() ? columns(nearEntries[r], lo[r], windows[r].start()) : new int[] {windows[r].start()};
        int[] ends = run.markerAfter() ? columns(nearExits[r], lo[r], windows[r].end()) : new int[] {windows[r].end()};
        int low = r == 0 ? 0 : windows[r - 1].end();
        int high = r == runs.length - 1 ? n : windows[r + 1].start();
        Window[] other = windows.clone();
        for (int start : starts) {
            for (int end : ends) {
                if (start > end || start < low || end > high || start == windows[r].start() && end == windows[r].end()
                        || copiesADeclaration(uniqueDeclarations, start, end)) {
                    continue;
                }
                other[r] = new Window(start, end, null, true, true);
                if (balances(other) && !alignment.sameFile(windows, other)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Where the original has each line of the run that declares something and that it has exactly once. */
    private int[] uniqueDeclarationPositions(Segment run) {
        return java.util.stream.IntStream.range(0, run.length())
                .filter(i -> occurrences.count(run.keys()[i]) == 1
                        && Declarations.declares(updateLines.get(run.updateStart() + i)))
                .map(i -> occurrences.next(run.keys()[i], 0)).toArray();
    }

    /**
     * Whether a span [start, end) of the original certainly writes a second copy of a unique declaration: the
     * original has the line outside the span, so the run cannot match it there.
     */
    private static boolean copiesADeclaration(int[] uniqueDeclarations, int start, int end) {
        for (int at : uniqueDeclarations) {
            if (at < start || at >= end) {
                return true;
            }
        }
        return false;
    }

    private static int[] columns(int[] near, int offset, int chosen) {
        int[] all = new int[near.length + 1];
        for (int i = 0; i < near.length; i++) {
            all[i] = offset + near[i];
        }
        all[near.length] = chosen;
        return all;
    }

    /**
     * Whether the brackets rule out {@code other} against {@code reading}: in an original that balances its brackets
     * and indents its blocks, {@code reading}'s file balances and {@code other}'s does not ({@link Brackets}). Two
     * walks, charged to the work bound.
     */
    boolean unbalancedWhereTheOtherBalances(Window[] other, Window[] reading) {
        meter.add(n);
        return originalBrackets().balanced() && originalIndentsItsBlocks && balances(reading) && !balances(other);
    }

    /** Whether the file that a placement of every run gives balances its brackets ({@link Brackets}). */
    private boolean balances(Window[] windows) {
        Brackets before = originalBrackets();
        int[] depth = new int[3];
        boolean ok = alignment.walkMergedFile(windows, new Alignment.MergedFileWalk() {
            @Override
            public boolean kept(int from, int to) {
                return before.walk(from, to, depth);
            }

            @Override
            public boolean written(int r) {
                return updateBrackets.walk(runs[r].updateStart(), runs[r].updateStart() + runs[r].length(), depth);
            }
        });
        meter.add(n + updateLines.size());
        return ok && depth[0] == 0 && depth[1] == 0 && depth[2] == 0;
    }

    /**
     * Whether a reading of run r anchors on nothing: it matches none of the run's code lines, and leaves a blank
     * line of the run next to a marker unmatched (inserted), so that only another blank line places it.
     */
    private boolean anchorsOnNothing(int r, Window window) {
        Segment run = runs[r];
        boolean edgeInserted = (run.markerBefore() && window.matches()[0] < 0)
                || (run.markerAfter() && window.matches()[run.length() - 1] < 0);
        return edgeInserted && matchedCode(r, window) == 0;
    }

    private int matchedCode(int r, Window window) {
        int count = 0;
        for (int i = 0; i < window.matches().length; i++) {
            count += window.matches()[i] >= 0 && runs[r].keys()[i] != LineKeys.BLANK ? 1 : 0;
        }
        return count;
    }

    /**
     * Whether a reading of run r rewrites an unrelated named block: it writes a block header of its own (not a
     * statement such as {@code if (…) {}) and deletes a block header ({@link Declarations#isBlockHeader}, followed by a
     * deeper-indented line, indented at least as deep as the one it writes) that none of its changed lines resembles
     * ({@link Alignment#alike}). A new block is written next to its neighbour; a rewrite of that neighbour would keep
     * something of its header.
     */
    boolean rewritesAnotherBlock(int r, Window window) {
        Segment run = runs[r];
        int written = Integer.MAX_VALUE;
        for (int i = 0; i < run.length(); i++) {
            String line = updateLines.get(run.updateStart() + i);
            if (window.matches()[i] < 0 && Declarations.isBlockHeader(line) && !Declarations.opensStatements(line)) {
                written = Math.min(written, Indentation.depth(line));
            }
        }
        if (written == Integer.MAX_VALUE) {
            return false;
        }
        boolean[] kept = new boolean[window.end() - window.start()];
        for (int match : window.matches()) {
            if (match >= 0) {
                kept[match - window.start()] = true;
            }
        }
        meter.add((long) (run.length() + 1) * (kept.length + 1));
        for (int c = window.start(); c < window.end(); c++) {
            String line = originalLines.get(c);
            if (kept[c - window.start()] || !Declarations.isBlockHeader(line) || Indentation.depth(line) < written
                    || !opensABody(c)) {
                continue;
            }
            if (!writtenLineResembles(run, window, c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the original lines [block[0], block[1]) that run r's window deletes hold the header of a named block
     * ({@link Declarations#isBlockHeader}, not a statement) that opens a body and is indented less than every line
     * the run writes anew, with no written line resembling it: the reading takes away the header of a block around
     * code it keeps (the block's other lines, its closing line), so that code ends up in the block before; the
     * snippet writes nothing at that depth to show such a change.
     */
    boolean removesAnEnclosingHeader(int r, Window window, int[] block) {
        Segment run = runs[r];
        int written = Integer.MAX_VALUE;
        for (int i = 0; i < run.length(); i++) {
            if (window.matches()[i] < 0 && run.keys()[i] != LineKeys.BLANK) {
                written = Math.min(written, Indentation.depth(updateLines.get(run.updateStart() + i)));
            }
        }
        meter.add((long) (run.length() + 1) * (block[1] - block[0] + 1));
        for (int c = block[0]; c < block[1] && written != Integer.MAX_VALUE; c++) {
            String line = originalLines.get(c);
            if (!Declarations.isBlockHeader(line) || Declarations.opensStatements(line)
                    || Indentation.depth(line) >= written || !opensABody(c)) {
                continue;
            }
            if (!writtenLineResembles(run, window, c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a line the run writes anew in this window resembles original line c. */
    private boolean writtenLineResembles(Segment run, Window window, int c) {
        for (int i = 0; i < run.length(); i++) {
            if (window.matches()[i] < 0 && alignment.alike(run, i, c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether original line c is followed (blank lines aside) by a line indented deeper than it. */
    private boolean opensABody(int c) {
        int next = c + 1;
        while (next < n && original[next] == LineKeys.BLANK) {
            next++;
        }
        meter.add(next - c);
        return next < n && Indentation.depth(originalLines.get(next)) > Indentation.depth(originalLines.get(c));
    }

    /**
     * What run r does in one full reading: lines matched, original lines deleted, changed lines that replace a
     * lookalike ({@link Alignment#alike}) and changed lines that replace a line sharing their tokens
     * ({@link Alignment#sharesTokens}).
     */
    Reading reading(int r, Window[] windows, int cost) {
        Window window = windows[r];
        Segment run = runs[r];
        int width = window.end() - window.start();
        boolean[] kept = new boolean[width];
        int matched = 0;
        for (int match : window.matches()) {
            if (match >= 0) {
                matched++;
                kept[match - window.start()] = true;
            }
        }
        int lookalikes = 0;
        int tokenLookalikes = 0;
        int closeLookalikes = 0;
        int difference = 0;
        for (int i = 0; i < run.length(); i++) {
            if (window.matches()[i] >= 0 || run.keys()[i] == LineKeys.BLANK) {
                continue;
            }
            boolean alike = false;
            boolean close = false;
            int leastDifference = Integer.MAX_VALUE;
            for (int c = 0; c < width; c++) {
                if (!kept[c]) {
                    boolean alikeHere = alignment.alike(run, i, window.start() + c);
                    alike |= alikeHere;
                    close |= alikeHere && !close && alignment.sharesTokens(run, i, window.start() + c);
                    if (alikeHere) {
                        leastDifference = Math.min(leastDifference, Likeness.difference(
                                updateLines.get(run.updateStart() + i), originalLines.get(window.start() + c)));
                    }
                }
            }
            if (leastDifference != Integer.MAX_VALUE && difference >= 0) {
                // a comment's text replacing a lookalike: no measure (-1)
                difference = CommentText.is(updateLines.get(run.updateStart() + i)) ? -1 : difference + leastDifference;
            }
            lookalikes += alike ? 1 : 0;
            // a line sharing its tokens counts only where it is deleted: one deleted past matched lines is another
            // change of the reading (sixteenth pass)
            tokenLookalikes += ChangeBlocks.replacesALineSharingItsTokens(alignment, run, window, i) ? 1 : 0;
            closeLookalikes += close ? 1 : 0;
        }
        meter.add(2L * (run.length() + 1) * (width + 1));
        boolean copiesADeclaration = false;
        for (int i = 0; i < run.length(); i++) {
            copiesADeclaration |= window.matches()[i] < 0 && occurrences.count(run.keys()[i]) == 1
                    && Declarations.declares(updateLines.get(run.updateStart() + i));
        }
        return new Reading(windows, matched, width - matched, lookalikes, tokenLookalikes, closeLookalikes, difference,
                copiesADeclaration, cost);
    }

    /**
     * Among the near entries (or exits) of run r, the one whose window deletes the fewest original lines, when
     * exactly one does; -1 otherwise.
     */
    int fewestDeletions(int r, boolean entry, long cells, long budget) {
        int[] near = entry ? nearEntries[r] : nearExits[r];
        Segment run = runs[r];
        int edgeKey = run.keys()[entry ? 0 : run.length() - 1];
        if (near == null || edgeKey != LineKeys.BLANK) {
            return -1;
        }
        if (!deletionsCharged) {
            // at most MAX_NEAR windows per edge, each no wider than the run's columns: under two passes in all
            if ((alignment.passes[0] + 2) * cells > budget) {
                return -1;
            }
            alignment.passes[0] += 2;
            deletionsCharged = true;
        }
        int best = -1;
        int fewest = Integer.MAX_VALUE;
        boolean tie = false;
        int matched = -1;
        for (int c : near) {
            int column = lo[r] + c;
            int start = entry ? column : run.markerBefore() ? bestEntry[r] : 0;
            int end = entry ? run.markerAfter() ? bestExit[r] : n : column;
            if (start > end) {
                continue;
            }
            int count = matchedCount(run, start, end);
            if (matched >= 0 && count != matched) {
                return -1;
            }
            matched = count;
            int deleted = (end - start) - count;
            if (deleted < fewest) {
                fewest = deleted;
                best = column;
                tie = false;
            } else if (deleted == fewest) {
                tie = true;
            }
        }
        return tie ? -1 : best;
    }

    /** How many of the run's lines a longest common subsequence matches in original [start, end). */
    private int matchedCount(Segment run, int start, int end) {
        int k = run.length();
        int width = end - start;
        int[] below = new int[width + 1];
        int[] row = new int[width + 1];
        for (int i = k - 1; i >= 0; i--) {
            int key = run.keys()[i];
            row[width] = 0;
            for (int c = width - 1; c >= 0; c--) {
                row[c] = key == original[start + c] ? below[c + 1] + 1 : Math.max(below[c], row[c + 1]);
            }
            int[] swap = below;
            below = row;
            row = swap;
        }
        meter.add((long) (k + 1) * (width + 1));
        return below[0];
    }
}
