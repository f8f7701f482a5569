package io.codingit.preview.internal;

import io.codingit.preview.PreviewProperties;
import io.codingit.web.FrameSources;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The preview origins ({@code *.<preview base domain>}, either scheme, any port) for the console's
 * frame-src: previews are other origins by design (docs/preview.md), shown in the console's iframe.
 */
@Component
class PreviewFrameSources implements FrameSources {
    private final List<String> sources;

    PreviewFrameSources(PreviewProperties properties) {
        String domain = properties.baseDomain();
        this.sources = List.of("http://*." + domain + ":*", "https://*." + domain + ":*");
    }

    @Override
    public List<String> frameSources() {
        return sources;
    }
}
