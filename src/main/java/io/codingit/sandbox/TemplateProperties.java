package io.codingit.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code codingit.templates.*}: how web templates are prepared once per server. docs/preview.md describes every key.
 *
 * @param cacheDir       where prepared template homes are kept, one directory per template and content hash
 *                       (empty: {@code <data-dir>/sandbox/template-cache}); the sandbox uid must be able to
 *                       traverse it, because npm runs as that uid
 * @param npm            the npm executable (Debian package {@code npm}); Node.js itself must be under {@code /usr}
 *                       (the sandboxes see the host's {@code /usr} read-only)
 * @param prepareTimeout the longest one preparation may take
 */
@ConfigurationProperties("codingit.templates")
public record TemplateProperties(
        @DefaultValue("") String cacheDir,
        @DefaultValue("npm") String npm,
        @DefaultValue("15m") Duration prepareTimeout) {
}
