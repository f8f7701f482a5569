package io.codingit.morph;

import io.codingit.common.DomainException;

/**
 * The update cannot be placed in the original with certainty. The engine never guesses: a missing or
 * ambiguous anchor ends the apply with this exception and no merged text (UNPROCESSABLE,
 * {@code edit_not_placeable}).
 */
public final class EditNotPlaceableException extends DomainException {

    /** Why a part of the update could not be placed. */
    public enum Reason {
        /** The anchor line of a part occurs nowhere (after the previous part) in the original. */
        ANCHOR_NOT_FOUND,
        /** The part fits in several places, or reads both as unchanged code and as a change. */
        ANCHOR_AMBIGUOUS,
        /** The update has no concrete lines at all. */
        EMPTY_UPDATE,
        /** Placing the update with certainty would take more work than the engine allows for its size. */
        TOO_LARGE
    }

    private final Reason reason;
    private final int updateLine;
    private final String anchorLine;

    EditNotPlaceableException(Reason reason, int updateLine, String anchorLine, String message) {
        super(Kind.UNPROCESSABLE, "edit_not_placeable", message);
        this.reason = reason;
        this.updateLine = updateLine;
        this.anchorLine = anchorLine;
    }

    public Reason reason() {
        return reason;
    }

    /** 1-based line of the update whose placement failed, 0 when the failure concerns the whole update. */
    public int updateLine() {
        return updateLine;
    }

    /** The text of that line (trimmed), empty when not applicable. */
    public String anchorLine() {
        return anchorLine;
    }
}
