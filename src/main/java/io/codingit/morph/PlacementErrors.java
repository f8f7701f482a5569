package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.EditNotPlaceableException.Reason;
import java.util.List;

/**
 * The refusals of the alignment, worded for the snippet's writer: each names the update line to look at and says
 * what to show so that only one reading remains.
 */
final class PlacementErrors {

    private final List<String> updateLines;

    PlacementErrors(List<String> updateLines) {
        this.updateLines = updateLines;
    }

    EditNotPlaceableException notFound(Segment run, int line, String which) {
        int index = run.updateStart() + line;
        String text = updateLines.get(index).strip();
        return new EditNotPlaceableException(Reason.ANCHOR_NOT_FOUND, index + 1, text,
                "cannot place the part of the update around line " + (index + 1) + ": its " + which
                        + " line \"" + text + "\" is not in the original (after the previously placed part), so it"
                        + " is not known which code it replaces");
    }

    EditNotPlaceableException ambiguous(Segment run, int line, String which) {
        int index = run.updateStart() + line;
        String text = updateLines.get(index).strip();
        boolean first = which.equals("first");
        if (run.keys()[first ? 0 : run.length() - 1] == LineKeys.BLANK) {
            // the edge is a blank line: that, not the code line named, is what occurs many times
            return new EditNotPlaceableException(Reason.ANCHOR_AMBIGUOUS, index + 1, text,
                    "cannot place the part of the update around line " + (index + 1) + " (\"" + text + "\"): the"
                            + " only line " + (first ? "before" : "after") + " it next to the marker is a blank line,"
                            + " which occurs many times in the original, and its readings differ in more than how"
                            + " many unshown lines they delete; show an unchanged line of code "
                            + (first ? "before" : "after") + " it");
        }
        return new EditNotPlaceableException(Reason.ANCHOR_AMBIGUOUS, index + 1, text,
                "cannot place the part of the update around line " + (index + 1) + ": its " + which + " line \""
                        + text + "\" occurs several times in the original and the lines next to it in the update"
                        + " do not single out one of them");
    }

    EditNotPlaceableException thinLead(Segment run) {
        return ambiguousAround(run.updateStart() + firstConcrete(run), "its best place is barely ahead of another, and it"
                + " moves when its changed lines are compared with the original lines they resemble; show more unchanged"
                + " lines around it so that only one reading remains");
    }

    EditNotPlaceableException contextReadAsNew(Segment run, int line, boolean entry) {
        int edge = run.updateStart() + (entry ? firstConcrete(run) : lastConcrete(run));
        return ambiguousAround(run.updateStart() + line, "the lines " + (entry ? "before" : "after") + " it up to the"
                + " marker (\"" + updateLines.get(edge).strip() + "\") occur several times in the original; at one copy"
                + " it reads as new code, at another as the unchanged line next to them; show more unchanged lines"
                + " around it so that only one reading remains");
    }

    EditNotPlaceableException ambiguousInsertion(Segment run) {
        return ambiguousAround(run.updateStart() + firstConcrete(run), "it reads both as replacing code of the original"
                + " and as new code inserted next to similar code elsewhere; show more unchanged lines around it so that"
                + " only one reading remains");
    }

    EditNotPlaceableException movedCodeKept(Segment run, int line, String kept, boolean before) {
        return ambiguousAround(run.updateStart() + line, "the code the marker keeps right " + (before ? "before" : "after")
                + " it (from \"" + kept.strip() + "\") is also written anew elsewhere in the update, as if moved, and"
                + " nothing shows whether it is deleted here; show the unchanged lines on both sides of it, without it"
                + " if it is deleted, so that only one reading remains");
    }

    EditNotPlaceableException edgeWrittenAgain(Segment run, int line, boolean before) {
        return ambiguousAround(run.updateStart() + line, "the original has this line once, where the marker "
                + (before ? "before" : "after") + " this part keeps it, and the cheapest reading writes it a second"
                + " time instead of anchoring on it, so it is unclear whether the code between it and the change is"
                + " kept or deleted; show that code, or the lines around the deletion");
    }

    EditNotPlaceableException importLeftUnused(Segment run, String kept) {
        return ambiguousAround(run.updateStart() + firstConcrete(run), "its cheapest reading keeps \"" + kept.strip()
                + "\" although the update takes away every use of what it imports, so the snippet does not show"
                + " whether that import is deleted; show the lines around it, without it if it is deleted");
    }

    EditNotPlaceableException unpairedComment(Segment run) {
        return ambiguousAround(run.updateStart() + firstConcrete(run), "its cheapest reading deletes the opening or the"
                + " closing of a block comment and keeps the other, which the snippet cannot mean, and no other reading"
                + " is singled out; show the unchanged lines right before and after the code it changes or deletes");
    }

    /** The run around update line {@code index} (0-based) reads two ways, as {@code why} says. */
    private EditNotPlaceableException ambiguousAround(int index, String why) {
        String text = updateLines.get(index).strip();
        return new EditNotPlaceableException(Reason.ANCHOR_AMBIGUOUS, index + 1, text,
                "cannot place the part of the update around line " + (index + 1) + " (\"" + text + "\"): " + why);
    }

    EditNotPlaceableException unchangedAndDeletion(Segment run) {
        int line = run.updateStart() + firstConcrete(run);
        return new EditNotPlaceableException(Reason.ANCHOR_AMBIGUOUS, line + 1, updateLines.get(line).strip(),
                "cannot place the part of the update around line " + (line + 1) + ": it occurs unchanged in"
                        + " the original, and it also reads as deleting the code between its lines elsewhere;"
                        + " show the changed lines, or the unchanged lines right before and after a deletion,"
                        + " so that only one reading remains");
    }

    EditNotPlaceableException tooLarge(int parts, long cells, int originalLines, long budget) {
        return new EditNotPlaceableException(Reason.TOO_LARGE, 0, "",
                "the update cannot be placed with certainty in reasonable time: its " + parts
                        + " parts would need " + cells + " alignment steps against " + originalLines
                        + " original lines (at most " + budget + " are allowed); send smaller parts with"
                        + " unique context, or the whole file");
    }

    static int firstConcrete(Segment run) {
        int i = 0;
        while (i < run.length() - 1 && run.keys()[i] == LineKeys.BLANK) {
            i++;
        }
        return i;
    }

    static int lastConcrete(Segment run) {
        int i = run.length() - 1;
        while (i > 0 && run.keys()[i] == LineKeys.BLANK) {
            i--;
        }
        return i;
    }
}
