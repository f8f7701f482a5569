package io.codingit.llm;

/** A provider call failed; {@link #failure()} says how, in words safe to show (no keys, URLs or raw bodies). */
public class LlmCallException extends RuntimeException {
    private final transient LlmFailure failure;

    public LlmCallException(LlmFailure failure) {
        super(failure.message());
        this.failure = failure;
    }

    public LlmFailure failure() {
        return failure;
    }
}
