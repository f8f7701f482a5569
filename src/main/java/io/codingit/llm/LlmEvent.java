package io.codingit.llm;

/** What a running generation produced next. */
public sealed interface LlmEvent {
    /** More generated text. */
    record Delta(String text) implements LlmEvent {
    }

    /** The generation finished normally. */
    record Completed(LlmUsage usage) implements LlmEvent {
    }

    /** The generation failed; the failure is already mapped to what the caller may see. */
    record Failed(LlmFailure failure) implements LlmEvent {
    }
}
