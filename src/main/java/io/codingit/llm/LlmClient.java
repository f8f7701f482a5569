package io.codingit.llm;

/** Starts streaming generations against any {@link LlmProvider}, with a client built for the request. */
public interface LlmClient {
    /**
     * Starts a generation. Fails fast, before any connection, with a 400 when the base URL breaks
     * {@link OutboundUrlPolicy} and with a 503 naming the variable to set when no key is available.
     */
    LlmStream stream(LlmRequest request);
}
