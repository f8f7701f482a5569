package io.codingit.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The model relay for programs the server does not trust with its keys (the CLI agents in a task's sandbox;
 * docs/security.md, finding 2). The relay listens on the host's loopback, holds the server's provider keys,
 * and forwards each request in a provider's own wire format to the server's endpoint for that provider with
 * the server's key, after checking a grant's token: scoped to one user and a set of providers, expiring,
 * revoked when its task ends, and charging that user's {@code llm} budget per model call.
 * <p>
 * How a sandbox reaches {@link #port()} is the caller's concern (today: a port forward into the sandbox's
 * network namespace), so that another path (a host egress proxy, an in-sandbox agent) can replace it.
 */
public interface LlmRelay {
    /** The relay's port on the host's loopback (127.0.0.1). */
    int port();

    /** The providers the server holds keys for among {@code wanted}, in the given order: what a grant can serve. */
    List<LlmProvider> servable(List<LlmProvider> wanted);

    /**
     * Opens a grant for {@code userId}'s program to call {@code providers} until {@code lifetime} passes or
     * the grant is closed.
     */
    Grant open(String userId, List<LlmProvider> providers, Duration lifetime);

    /** A relay grant; closing it revokes the token at once. */
    interface Grant extends AutoCloseable {
        /** The bearer token (a secret: redact it from logs; it is useless after the grant ends). */
        String token();

        /**
         * Environment variables that point provider SDKs and CLIs at the relay with the token as their key:
         * {@code OPENAI_API_KEY}/{@code OPENAI_BASE_URL}, {@code ANTHROPIC_API_KEY}/{@code ANTHROPIC_BASE_URL},
         * {@code GEMINI_API_KEY}/{@code GOOGLE_GEMINI_BASE_URL} and their common aliases.
         *
         * @param host how the program reaches the relay's port (e.g. {@code 127.0.0.1} through a port forward)
         */
        Map<String, String> environment(String host);

        @Override
        void close();
    }
}
