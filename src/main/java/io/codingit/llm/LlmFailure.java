package io.codingit.llm;

/**
 * A provider failure as the caller sees it: an HTTP status (429, 529, 403, 504 or 500) and a message
 * that never contains the provider's raw response, keys or URLs.
 */
public record LlmFailure(int status, String message) {
}
