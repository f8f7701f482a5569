package io.codingit.morph;

/**
 * Applies a lazy edit snippet to a file: the local {@link LazyEditEngine}, Morph's cloud model, a configured
 * LLM that rewrites the whole file, or local first with one of those as the fallback (docs/morph.md).
 */
public interface CodeApplier {

    /**
     * @param instruction one sentence saying what the edit does (the remote engines read it; the local one does not)
     * @param original    the current file
     * @param update      the edit snippet, unchanged code elided with "... existing code ..." markers
     * @return the merged file and the engine that produced it
     * @throws EditInputException        when the file or the snippet cannot be applied at all (empty, binary...)
     * @throws EditNotPlaceableException when the snippet cannot be placed with certainty and no fallback took it
     * @throws RemoteApplyException      when a remote engine fails or answers without code
     */
    AppliedEdit apply(String instruction, String original, String update);

    /** The configured engine: "local", "morph", "llm" or "auto". */
    String engine();

    /**
     * This applier acting for a user: an engine that calls a model on the server's key charges that user's
     * {@code llm} budget. Engines that call no such model return themselves.
     */
    default CodeApplier forUser(String userId) {
        return this;
    }
}
