package io.codingit.sandbox;

import io.codingit.sandbox.spi.Sandbox;

/**
 * Starts a web template's app in a sandbox and makes it reachable in a browser, for {@code POST /api/sandbox}.
 * Provided by the preview feature; without such a bean web templates answer 503.
 */
public interface WebPreviews {
    /**
     * Starts {@code template.startCommand()} with {@code PORT} set, waits (bounded) until it answers on
     * {@code template.port()} and returns the preview URL. Failures are {@link io.codingit.preview.PreviewException}s (kind UNAVAILABLE)
     * carrying the tail of the app's own log.
     */
    String start(Sandbox sandbox, SandboxTemplate template);
}
