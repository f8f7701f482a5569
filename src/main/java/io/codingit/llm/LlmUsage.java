package io.codingit.llm;

/** Token counts as the provider reported them; null where it reported none. */
public record LlmUsage(Integer inputTokens, Integer outputTokens, Integer totalTokens) {
}
