package io.codingit.morph;

import io.codingit.morph.EditNotPlaceableException.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The local, deterministic apply engine for lazy code edits: merges an edit snippet, in which unchanged
 * code is elided with {@code // ... existing code ...} markers, into the original file.
 *
 * <p>Rules, in short (docs/morph.md has them in full):
 * <ul>
 *   <li>The update is cut at marker lines into runs of concrete lines. Each run is anchored in the original,
 *       in order, by its first and last non-blank lines, compared trimmed with inner whitespace collapsed.
 *       A line found several times is singled out by widening: the following (for the first line) or
 *       preceding (for the last line) lines of the run must match too.</li>
 *   <li>The original between a run's anchors is replaced by the run; a marker keeps the original between
 *       the runs around it. Lines of the original inside a run's anchors that the run leaves out are deleted.</li>
 *   <li>In an update with markers, the update's start is the file's start unless a marker comes first, and its
 *       end is the file's end unless a marker comes last: a marker stands for every elided span.</li>
 *   <li>An update without markers that begins and ends on lines of the original replaces that region;
 *       otherwise it is the whole new file.</li>
 *   <li>A missing or ambiguous anchor throws {@link EditNotPlaceableException}; nothing is guessed.</li>
 *   <li>The result keeps the original's line endings, trailing newline and indentation style.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LazyEditEngine {

    /**
     * Applies {@code update} to {@code original}.
     *
     * @throws EditNotPlaceableException when a part of the update cannot be placed with certainty
     */
    public ApplyResult apply(String original, String update) throws EditNotPlaceableException {
        return apply(original, update, new WorkMeter());
    }

    /** Whether the update has any line that is not a marker or blank (a Markdown fence around it does not count). */
    public static boolean hasCode(String update) {
        return !runsOf(withoutCodeFence(Lines.split(update))).isEmpty();
    }

    ApplyResult apply(String original, String update, WorkMeter meter) throws EditNotPlaceableException {
        List<String> originalLines = Lines.split(original);
        List<String> updateLines = withoutCodeFence(withoutTrailingWhitespaceLine(Lines.split(update), update));
        List<Run> runs = runsOf(updateLines);
        if (runs.isEmpty()) {
            throw new EditNotPlaceableException(Reason.EMPTY_UPDATE, 0, "",
                    "the update has no code, only markers or blank lines");
        }
        boolean hasMarkers = runs.size() > 1 || runs.getFirst().markerBefore() || runs.getFirst().markerAfter();
        if (!hasMarkers) {
            // a marker stands for every elided span: without one, nothing is elided and the update is the file
            return new ApplyResult(render(updateLines, original, update), List.of(), true);
        }
        LineKeys keys = new LineKeys();
        int[] originalKeys = keys.idsOf(originalLines);
        List<Alignment.Segment> segments = new ArrayList<>(runs.size());
        for (Run run : runs) {
            List<String> lines = updateLines.subList(run.start(), run.end());
            int[] runKeys = keys.idsOf(lines);
            keys.markUsed(runKeys);
            segments.add(new Alignment.Segment(run.start(), runKeys, keys.exactIdsOf(lines), run.markerBefore(),
                    run.markerAfter()));
        }
        Alignment.Window[] windows = new Alignment(originalKeys, keys.exactIdsWhereUsed(originalLines, originalKeys),
                originalLines, segments, updateLines, meter).place();

        List<String> merged = new ArrayList<>(originalLines.size() + updateLines.size());
        List<PlacedRegion> regions = new ArrayList<>(runs.size());
        // the original's indentation style and blank-line texts are only needed for a run whose indentation is
        // off: found on first use, once
        Once<Indentation> style = new Once<>(() -> Indentation.of(originalLines));
        Once<Set<String>> blankTexts = new Once<>(() -> blankTextsOf(originalLines));
        int position = 0;
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            Alignment.Window window = windows[r];
            if (run.markerBefore()) {
                merged.addAll(originalLines.subList(position, window.start()));
            }
            merged.addAll(placedLines(updateLines.subList(run.start(), run.end()), run.start(), window, style,
                    blankTexts, originalLines));
            regions.add(new PlacedRegion(run.start(), run.end(), window.start(), window.end()));
            position = window.end();
        }
        if (runs.getLast().markerAfter()) {
            merged.addAll(originalLines.subList(position, originalLines.size()));
        }
        return new ApplyResult(render(merged, original, update), regions, false);
    }

    /**
     * The run's lines as written, or re-indented to the original's style when its unchanged lines show that
     * the snippet's indentation is off (tabs for spaces, a method without its class's indentation). A line
     * matched to an original line that differs from it only in trailing whitespace is written as the
     * original's text: the model's whitespace drift is not kept, a real change of indentation or spacing is (with
     * the original's trailing whitespace). A run whose only changes are whitespace keeps its indentation and inner
     * spacing as written (the whitespace is what it changes), but not trailing whitespace its context lines drifted
     * on, unless trailing whitespace is all it changes; the blank lines of a run that re-indents its lines are its
     * own. A run whose anchor is off while another of its matched lines is at its original's depth is refused
     * ({@link IndentationShift}): it may re-indent some code as much as be indented off as a whole.
     */
    private static List<String> placedLines(List<String> lines, int firstLine, Alignment.Window window,
                                            Supplier<Indentation> style, Supplier<Set<String>> blankTexts,
                                            List<String> originalLines) throws EditNotPlaceableException {
        int[] matches = window.matches();
        int anchor = -1;
        boolean indentationAgrees = true;
        boolean tabsWhereTheOriginalHasNone = false;
        for (int i = 0; i < matches.length; i++) {
            if (matches[i] >= 0 && !lines.get(i).isBlank()) {
                if (anchor < 0) {
                    anchor = i;
                }
                String written = Indentation.leadingWhitespace(lines.get(i));
                String there = Indentation.leadingWhitespace(originalLines.get(matches[i]));
                indentationAgrees &= written.equals(there);
                tabsWhereTheOriginalHasNone |= written.indexOf('\t') >= 0 && there.indexOf('\t') < 0;
            }
        }
        List<String> adapted;
        if (anchor < 0) {
            int firstConcrete = 0;
            while (firstConcrete < lines.size() - 1 && lines.get(firstConcrete).isBlank()) {
                firstConcrete++;
            }
            adapted = style.get().adapt(lines, firstConcrete, null);
        } else if (indentationAgrees || !window.changesCode() || tabsWhereTheOriginalHasNone) {
            // tabs are typed on purpose (models write spaces): a snippet indented with tabs where the file has
            // spaces re-indents the code, it is not a slip to correct
            adapted = lines;
        } else {
            // shifting the run to its anchor must not move lines the snippet writes at their original's depth
            int atItsDepth = IndentationShift.lineWrittenAtItsDepth(style.get().restyled(lines), matches, anchor,
                    originalLines);
            if (atItsDepth >= 0) {
                throw IndentationShift.refusal(firstLine + atItsDepth, lines.get(atItsDepth));
            }
            adapted = style.get().adapt(lines, anchor, originalLines.get(matches[anchor]));
        }
        // a run that keeps an indentation of its own re-indents its lines: its blank lines are its own too, unless
        // their whitespace is on no blank line of the original (drift)
        boolean reindents = !indentationAgrees && adapted.equals(lines);
        // a run that changes only trailing whitespace has nothing else to change: it is taken as written
        boolean keepsTrailingWhitespace = !window.changesCode() && TrailingWhitespace.isAllThatChanges(lines, matches,
                originalLines);
        boolean drifts = TrailingWhitespace.isAddedToAnyLine(lines, matches, originalLines);
        List<String> placed = new ArrayList<>(adapted.size());
        for (int i = 0; i < adapted.size(); i++) {
            String line = adapted.get(i);
            boolean ownBlank = reindents && line.isBlank() && (line.isEmpty() || blankTexts.get().contains(line));
            boolean stripped = !drifts && matches[i] >= 0 && TrailingWhitespace.isStripped(line, originalLines.get(matches[i]));
            if (matches[i] >= 0 && !keepsTrailingWhitespace && !ownBlank && !stripped) {
                line = withTrailingWhitespaceOf(line, originalLines.get(matches[i]));
            }
            placed.add(line);
        }
        return placed;
    }

    private static Set<String> blankTextsOf(List<String> lines) {
        Set<String> texts = new HashSet<>();
        for (String line : lines) {
            if (line.isBlank()) {
                texts.add(line);
            }
        }
        return texts;
    }

    /** A value computed on first use, once. */
    private static final class Once<T> implements Supplier<T> {
        private final Supplier<T> compute;
        private T value;

        Once(Supplier<T> compute) {
            this.compute = compute;
        }

        @Override
        public T get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }
    }

    /**
     * A line matched to an original line, with the original's trailing whitespace: trailing whitespace is what
     * models drift on, so the original's is kept, also on a line whose indentation the run changes.
     */
    private static String withTrailingWhitespaceOf(String line, String originalLine) {
        String content = line.stripTrailing();
        String originalContent = originalLine.stripTrailing();
        if (content.equals(originalContent)) {
            return originalLine;
        }
        return content + originalLine.substring(originalContent.length());
    }

    /** Joins lines in the original's line separator, ending with a newline when the original did. */
    private static String render(List<String> lines, String original, String update) {
        String reference = original.isEmpty() ? update : original;
        String separator = Lines.lineSeparator(reference);
        String joined = String.join(separator, lines);
        return Lines.endsWithNewline(reference) && !lines.isEmpty() ? joined + separator : joined;
    }

    /**
     * Whitespace after the update's last newline is drift of the file's ending (a model's stray space), not a
     * line: a snippet ending in {@code "}\n "} ends with the brace.
     */
    private static List<String> withoutTrailingWhitespaceLine(List<String> lines, String update) {
        if (lines.size() > 1 && !Lines.endsWithNewline(update) && lines.getLast().isBlank()) {
            return lines.subList(0, lines.size() - 1);
        }
        return lines;
    }

    /** Models sometimes wrap the snippet in a Markdown code fence; the fence is not part of the code. */
    private static List<String> withoutCodeFence(List<String> lines) {
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        int last = lines.size() - 1;
        while (last > first && lines.get(last).isBlank()) {
            last--;
        }
        if (last > first && lines.get(first).strip().startsWith("```") && lines.get(last).strip().equals("```")) {
            return lines.subList(first + 1, last);
        }
        return lines;
    }

    /** Cuts the update at marker lines; runs of only blank lines belong to the marker around them. */
    private static List<Run> runsOf(List<String> updateLines) {
        List<Run> runs = new ArrayList<>();
        int start = -1;
        boolean markerBefore = false;
        for (int i = 0; i <= updateLines.size(); i++) {
            boolean boundary = i == updateLines.size() || Markers.isMarker(updateLines.get(i));
            if (!boundary) {
                if (start < 0) {
                    start = i;
                }
                continue;
            }
            if (start >= 0) {
                Run run = Run.of(updateLines, start, i, markerBefore, i < updateLines.size());
                if (run != null) {
                    runs.add(run);
                }
                start = -1;
            }
            if (i < updateLines.size()) {
                markerBefore = true;
                if (!runs.isEmpty() && !runs.getLast().markerAfter()) {
                    runs.set(runs.size() - 1, runs.getLast().withMarkerAfter());
                }
            }
        }
        return runs;
    }

    /**
     * Lines [start, end) of the update between markers; firstConcrete and lastConcrete are its first and
     * last non-blank lines (the anchors).
     */
    record Run(int start, int end, int firstConcrete, int lastConcrete, boolean markerBefore, boolean markerAfter) {

        static Run of(List<String> lines, int start, int end, boolean markerBefore, boolean markerAfter) {
            int first = start;
            while (first < end && lines.get(first).isBlank()) {
                first++;
            }
            if (first == end) {
                return null;
            }
            int last = end - 1;
            while (lines.get(last).isBlank()) {
                last--;
            }
            return new Run(start, end, first, last, markerBefore, markerAfter);
        }

        Run withMarkerAfter() {
            return new Run(start, end, firstConcrete, lastConcrete, markerBefore, true);
        }
    }
}
