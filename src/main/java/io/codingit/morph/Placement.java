package io.codingit.morph;

import io.codingit.morph.EditNotPlaceableException.Reason;
import io.codingit.morph.LazyEditEngine.Run;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Finds where runs of the update go in the original; one instance per apply. */
final class Placement {

    private static final int NOT_FOUND = -1;
    private static final Pattern CLOSING_LINE =
            Pattern.compile("^(?:[}\\])]+[;,]?|</[A-Za-z][\\w.:-]*>|end|fi|done|esac)$");

    private final List<String> original;
    private final List<String> update;
    private final String[] originalKeys;
    private final String[] updateKeys;

    Placement(List<String> original, List<String> update) {
        this.original = original;
        this.update = update;
        this.originalKeys = keysOf(original);
        this.updateKeys = keysOf(update);
    }

    private static String[] keysOf(List<String> lines) {
        String[] keys = new String[lines.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Lines.collapseWhitespace(lines.get(i));
        }
        return keys;
    }

    /** For an update without markers: whether its first and last lines are both found in the original. */
    boolean bothEndsFound(Run run) throws EditNotPlaceableException {
        int first = firstLineMatch(run, 0);
        return first != NOT_FOUND && lastLineMatch(run, first, 0) != NOT_FOUND;
    }

    /**
     * Places a run at or after {@code from} in the original. In an update with markers, a run with no marker
     * before it begins at the file's start and one with no marker after it ends at the file's end: markers
     * stand for every elided span, so where there is none nothing is elided.
     */
    PlacedRegion place(Run run, int from, boolean updateHasMarkers) throws EditNotPlaceableException {
        boolean fromFileStart = updateHasMarkers && !run.markerBefore();
        boolean toFileEnd = updateHasMarkers && !run.markerAfter();
        int firstMatch = fromFileStart ? firstLineMatchIfCertain(run) : firstLineMatch(run, from);
        if (firstMatch == NOT_FOUND && !fromFileStart) {
            throw notFound(run.firstConcrete(), "first");
        }
        int start = fromFileStart
                ? 0
                : firstMatch - Math.min(run.firstConcrete() - run.start(), blankLinesBefore(firstMatch, from));
        if (toFileEnd) {
            return new PlacedRegion(run.start(), run.end(), start, original.size());
        }
        int lastMatch = lastLineMatch(run, firstMatch, from);
        if (lastMatch == NOT_FOUND) {
            throw notFound(run.lastConcrete(), "last");
        }
        int end = lastMatch + 1 + Math.min(run.end() - 1 - run.lastConcrete(), blankLinesAfter(lastMatch));
        return new PlacedRegion(run.start(), run.end(), start, end);
    }

    /**
     * The first line's match for a run that begins at the file's start: the original's first non-blank line
     * when the run begins with it (widening could otherwise pick a later copy of the run's opening lines
     * when the run deletes a line just below them), else the match when it is found exactly once. A bound
     * for the last line, never required.
     */
    private int firstLineMatchIfCertain(Run run) {
        int firstConcreteOriginal = 0;
        while (firstConcreteOriginal < original.size() && original.get(firstConcreteOriginal).isBlank()) {
            firstConcreteOriginal++;
        }
        if (firstConcreteOriginal < original.size()
                && originalKeys[firstConcreteOriginal].equals(updateKeys[run.firstConcrete()])) {
            return firstConcreteOriginal;
        }
        try {
            return firstLineMatch(run, 0);
        } catch (EditNotPlaceableException ambiguous) {
            return NOT_FOUND;
        }
    }

    /**
     * Where the run's first non-blank line is in the original at or after {@code from}, widened by the
     * run's following lines while it occurs more than once.
     */
    private int firstLineMatch(Run run, int from) throws EditNotPlaceableException {
        int anchor = run.firstConcrete();
        int[] candidates = occurrences(updateKeys[anchor], from);
        if (candidates.length == 0) {
            return NOT_FOUND;
        }
        for (int offset = 1; candidates.length > 1 && anchor + offset <= run.lastConcrete(); offset++) {
            candidates = keepMatching(candidates, offset, anchor + offset);
        }
        return single(candidates, anchor, "first");
    }

    /**
     * Where the run's last non-blank line is in the original: after the first line's match when that was
     * found (otherwise at or after {@code from}), widened by the run's preceding lines while it occurs more
     * than once.
     */
    private int lastLineMatch(Run run, int firstMatch, int from) throws EditNotPlaceableException {
        int anchor = run.lastConcrete();
        boolean startFound = firstMatch != NOT_FOUND;
        if (anchor == run.firstConcrete()) {
            return firstMatch;
        }
        int lowestOriginal = startFound ? firstMatch + 1 : from;
        int lowestRunLine = startFound ? run.firstConcrete() + 1 : run.start();
        int[] candidates = occurrences(updateKeys[anchor], lowestOriginal);
        if (candidates.length == 0) {
            return NOT_FOUND;
        }
        for (int offset = 1; candidates.length > 1 && anchor - offset >= lowestRunLine; offset++) {
            int[] widened = keepMatchingBefore(candidates, offset, anchor - offset, lowestOriginal);
            if (widened.length == 0) {
                // the line before is new or changed: widening cannot help any further
                break;
            }
            candidates = widened;
        }
        if (candidates.length > 1 && startFound && CLOSING_LINE.matcher(updateKeys[anchor]).matches()) {
            candidates = closerOfTheBlockOpenedAt(firstMatch, candidates);
        }
        return single(candidates, anchor, "last");
    }

    /**
     * A closing line ("}", "});", "</div>", "end"...) that ends a run whose first line was anchored closes the
     * block that line opened: the first candidate indented like the run's first original line. Without
     * this, the usual snippet "opening line, changed lines, closing brace" could never be placed.
     */
    private int[] closerOfTheBlockOpenedAt(int firstMatch, int[] candidates) {
        String blockIndent = Indentation.leadingWhitespace(original.get(firstMatch));
        for (int candidate : candidates) {
            if (Indentation.leadingWhitespace(original.get(candidate)).equals(blockIndent)) {
                return new int[] {candidate};
            }
        }
        return candidates;
    }

    private int[] occurrences(String key, int from) {
        int to = originalKeys.length;
        int count = 0;
        for (int i = from; i < to; i++) {
            if (originalKeys[i].equals(key)) {
                count++;
            }
        }
        int[] found = new int[count];
        int next = 0;
        for (int i = from; i < to && next < count; i++) {
            if (originalKeys[i].equals(key)) {
                found[next++] = i;
            }
        }
        return found;
    }

    private int[] keepMatching(int[] candidates, int offset, int updateLine) {
        return Arrays.stream(candidates)
                .filter(c -> c + offset < originalKeys.length && originalKeys[c + offset].equals(updateKeys[updateLine]))
                .toArray();
    }

    private int[] keepMatchingBefore(int[] candidates, int offset, int updateLine, int lowest) {
        return Arrays.stream(candidates)
                .filter(c -> c - offset >= lowest && originalKeys[c - offset].equals(updateKeys[updateLine]))
                .toArray();
    }

    private int single(int[] candidates, int updateLine, String which) throws EditNotPlaceableException {
        if (candidates.length == 1) {
            return candidates[0];
        }
        throw new EditNotPlaceableException(Reason.ANCHOR_AMBIGUOUS, updateLine + 1, update.get(updateLine).strip(),
                "cannot place the part of the update around line " + (updateLine + 1) + ": its " + which
                        + " line \"" + update.get(updateLine).strip()
                        + "\" occurs several times in the original and the lines next to it in the update"
                        + " do not single out one of them");
    }

    private EditNotPlaceableException notFound(int updateLine, String which) {
        String text = update.get(updateLine).strip();
        return new EditNotPlaceableException(Reason.ANCHOR_NOT_FOUND, updateLine + 1, text,
                "cannot place the part of the update around line " + (updateLine + 1) + ": its " + which
                        + " line \"" + text + "\" is not in the original"
                        + " (after the previously placed part), so it is not known which code it replaces");
    }

    private int blankLinesBefore(int line, int lowest) {
        int count = 0;
        while (line - count - 1 >= lowest && original.get(line - count - 1).isBlank()) {
            count++;
        }
        return count;
    }

    private int blankLinesAfter(int line) {
        int count = 0;
        while (line + count + 1 < original.size() && original.get(line + count + 1).isBlank()) {
            count++;
        }
        return count;
    }
}
