package io.codingit.morph;

import java.util.List;

/**
 * The merged file and, for diagnostics, where each run of the update was placed.
 *
 * @param merged      the original with the update applied, in the original's line endings
 * @param regions     the placed runs in update order (empty when the update replaced the whole file)
 * @param wholeFile   true when the update carried no markers and did not start and end on lines of the
 *                    original, so it was taken as the complete new file
 */
public record ApplyResult(String merged, List<PlacedRegion> regions, boolean wholeFile) {

    public ApplyResult {
        regions = List.copyOf(regions);
    }
}
