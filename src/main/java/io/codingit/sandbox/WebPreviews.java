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

    /**
     * The sandbox is about to be paused (called before its processes are held and its home saved; they may no
     * longer answer afterwards): its preview URL is kept so that a request to it wakes the sandbox up. Its app stops
     * with the sandbox.
     *
     * @return what the registry keeps so that the URL wakes the sandbox on any server, after a restart too (the
     *         port and the hash of the URL's secret); empty when the sandbox has no live preview
     */
    default java.util.Optional<KeptPreview> paused(Sandbox sandbox) {
        return java.util.Optional.empty();
    }

    /**
     * The sandbox was resumed: the app of a preview kept at its pause starts again (in the background), under the
     * same URL. {@code kept} is what the registry kept at the pause (null if nothing): a server that did not pause
     * the sandbox (or was restarted since) knows only the port and the secret's hash, which is what the app is tagged
     * with, so any server serves the URL once the app answers.
     */
    default void resumed(Sandbox sandbox, SandboxTemplate template, KeptPreview kept) {
    }
}
