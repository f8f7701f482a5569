package io.codingit.morph;

/**
 * Applies a lazy edit snippet to a file: the local {@link LazyEditEngine} or Morph's cloud model,
 * as configured (docs/morph.md).
 */
public interface CodeApplier {

    /**
     * @param instruction one sentence saying what the edit does (Morph's model reads it; the local engine ignores it)
     * @param original    the current file
     * @param update      the edit snippet, unchanged code elided with "... existing code ..." markers
     * @return the merged file
     * @throws EditNotPlaceableException when the local engine cannot place a part of the snippet with certainty
     * @throws RemoteApplyException      when Morph's API fails or answers without code
     */
    String apply(String instruction, String original, String update) throws EditNotPlaceableException;

    /** Which engine applies: "local" or "remote". */
    String engine();
}
