package io.codingit.web;

import java.util.List;

/**
 * Origins that the web console may show in an iframe, added to the {@code frame-src} directive of
 * the Content-Security-Policy. A feature that serves pages on other origins (previews) publishes a
 * bean of this type; the security configuration collects them, so it never reads that feature's
 * settings.
 */
@FunctionalInterface
public interface FrameSources {
    /** CSP source expressions, e.g. {@code https://*.preview.example.com:*}. */
    List<String> frameSources();
}
