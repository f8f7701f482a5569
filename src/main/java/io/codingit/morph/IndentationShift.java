package io.codingit.morph;

import io.codingit.morph.EditNotPlaceableException.Reason;
import java.util.List;

/**
 * Whether shifting a run to the indentation of the original line its anchor matched would move lines the snippet already
 * writes at their original's indentation (docs/morph.md, "Eighteenth pass (c)"). A run whose anchor is off is read as a
 * snippet indented off as a whole (a method without its class's indentation) and shifted; but when another of its
 * matched lines is exactly at its original's indentation, the snippet is indented right there and re-indents the code
 * around the anchor (a function turned into an expression body, a block unwrapped). The two readings give different
 * files, and nothing says which the snippet means: shifting silently re-indents the lines it wrote right, keeping it
 * leaves the lines a marker keeps at their old depth inside code re-indented around them. So the update is refused.
 */
final class IndentationShift {

    private IndentationShift() {
    }

    /**
     * The index of a matched non-blank line of {@code lines} (restyled to the original's tabs or spaces) whose indentation,
     * not empty, equals its original's, when the anchor's does not; -1 when there is none. Lines at column 0 on both
     * sides say nothing: a shifted snippet's top-level closing line is there too.
     */
    static int lineWrittenAtItsDepth(List<String> restyled, int[] matches, int anchor, List<String> originalLines) {
        String anchorWritten = Indentation.leadingWhitespace(restyled.get(anchor));
        if (anchorWritten.equals(Indentation.leadingWhitespace(originalLines.get(matches[anchor])))) {
            return -1;
        }
        for (int i = 0; i < restyled.size(); i++) {
            if (i == anchor || matches[i] < 0 || restyled.get(i).isBlank()) {
                continue;
            }
            String written = Indentation.leadingWhitespace(restyled.get(i));
            if (!written.isEmpty() && written.equals(Indentation.leadingWhitespace(originalLines.get(matches[i])))) {
                return i;
            }
        }
        return -1;
    }

    /** The refusal, naming the run's line written at its original's depth ({@code updateLine}, 0-based). */
    static EditNotPlaceableException refusal(int updateLine, String text) {
        return new EditNotPlaceableException(Reason.ANCHOR_AMBIGUOUS, updateLine + 1, text.strip(),
                "cannot place the part of the update around line " + (updateLine + 1) + " (\"" + text.strip()
                        + "\"): this line keeps the original's indentation while other unchanged lines of the part are"
                        + " indented differently, so it is unclear whether the snippet re-indents code or is indented"
                        + " off as a whole; show the part with the file's indentation");
    }
}
