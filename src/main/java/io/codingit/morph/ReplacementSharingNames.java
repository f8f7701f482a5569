package io.codingit.morph;

import io.codingit.morph.Alignment.Segment;
import io.codingit.morph.Alignment.Window;
import io.codingit.morph.CloseCalls.Reading;
import java.util.List;

/**
 * The last settling rule of a close call (eighteenth pass (b), docs/morph.md): among close readings that all match as
 * many of the run's lines and are all replacements, the one whose changed lines replace a line they share their names
 * with. A doc comment's sentence rewritten, shown between its {@code /**} and its closing line, reads as replacing
 * the text of any comment of the file (each such reading matches the same two lines and deletes one or two): only
 * the comment whose text the new sentence shares its words with is the one it edits.
 *
 * <p>Taken only when nothing else tells the readings apart: no reading replaces a lookalike by start and end (that
 * comparison is {@link CloseCalls}'s), exactly one has a changed line stand where an original line sharing its tokens
 * is deleted ({@link ChangeBlocks#replacesALineSharingItsTokens}), every reading deletes something (none is an
 * insertion, which would be another kind of edit), none copies a declaration, and none writes anew a non-blank line
 * the original already has: such a line may be the original's own copy shown as context, with code deleted around
 * it, a reading none of the close ones is.
 */
final class ReplacementSharingNames {

    private ReplacementSharingNames() {
    }

    /** The reading to take, or null when the rule does not single one out. */
    static Reading settle(Alignment alignment, int r, List<Reading> readings) {
        if (readings.size() < 2) {
            return null;
        }
        Segment run = alignment.runs[r];
        int matched = readings.getFirst().matched();
        boolean comparable = readings.stream().allMatch(x -> x.matched() == matched && x.deleted() > 0
                && x.replacedLookalikes() == 0 && !x.copiesADeclaration()
                && !writesALineTheOriginalHas(alignment, run, x.windows()[r]));
        if (!comparable) {
            return null;
        }
        List<Reading> sharing = readings.stream().filter(x -> x.replacedTokenLookalikes() > 0).toList();
        return sharing.size() == 1 ? sharing.getFirst() : null;
    }

    /**
     * Whether the reading writes anew a non-blank line that the original has: then that line may be the original's
     * own copy shown as context, with code deleted around it, a reading none of the close ones is.
     */
    private static boolean writesALineTheOriginalHas(Alignment alignment, Segment run, Window window) {
        for (int i = 0; i < run.length(); i++) {
            int key = run.keys()[i];
            if (window.matches()[i] < 0 && key != LineKeys.BLANK && alignment.occurrences.count(key) > 0) {
                return true;
            }
        }
        return false;
    }
}
