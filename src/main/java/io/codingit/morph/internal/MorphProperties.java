package io.codingit.morph.internal;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which engine applies lazy edits, and Morph's cloud API (docs/morph.md).
 *
 * @param engine  auto (Morph's cloud when a key is set, else local), local or remote
 * @param baseUrl Morph's OpenAI-compatible base URL (operator setting, not the caller's)
 * @param apiKey  MORPH_API_KEY; never logged or returned
 * @param model   Morph's apply model
 * @param timeout how long one remote apply may take
 */
@ConfigurationProperties("codingit.morph")
public record MorphProperties(@DefaultValue("auto") Engine engine,
                              @DefaultValue("https://api.morphllm.com/v1") URI baseUrl,
                              String apiKey,
                              @DefaultValue("morph-v3-large") String model,
                              @DefaultValue("60s") Duration timeout) {

    public enum Engine { AUTO, LOCAL, REMOTE }

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "MorphProperties[engine=" + engine + ", baseUrl=" + baseUrl + ", apiKey=" + (hasApiKey() ? "<set>" : "<none>")
                + ", model=" + model + ", timeout=" + timeout + "]";
    }
}
