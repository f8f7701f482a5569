package io.codingit.llm;

/**
 * A provider failure as the caller sees it, decided once by llm: the status the API answers (the
 * contract's: 400 context too long, 402/503 quota spent, 403 access denied, 429 rate limited, 503
 * unreachable, 529 overloaded, 504 timed out, 500 anything else), a stable {@code code} for clients,
 * and a message that never contains the provider's keys or URLs.
 */
public record LlmFailure(int status, String code, String message) {
}
