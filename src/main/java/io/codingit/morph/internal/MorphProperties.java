package io.codingit.morph.internal;

import io.codingit.morph.EditLimits;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which engine applies lazy edits, Morph's cloud API, the LLM fallback and the input limits (docs/morph.md).
 *
 * @param engine       auto (local first, then Morph's cloud or the LLM when one is configured), local, remote
 *                     (Morph's cloud only) or llm (the model only)
 * @param baseUrl      Morph's OpenAI-compatible base URL (operator setting, not the caller's)
 * @param apiKey       MORPH_API_KEY; never logged or returned
 * @param model        Morph's apply model for morph-chat and for {@code model: auto} on /v1
 * @param timeout      how long one remote apply may take
 * @param llmProvider  the llm feature's provider id of the model that rewrites whole files (e.g. openai); empty: none
 * @param llmModel     that model's name
 * @param maxCodeChars the largest file or snippet accepted, in characters
 * @param maxLineChars the longest line accepted
 */
@ConfigurationProperties("codingit.morph")
public record MorphProperties(@DefaultValue("auto") Engine engine,
                              @DefaultValue("https://api.morphllm.com/v1") URI baseUrl,
                              String apiKey,
                              @DefaultValue("morph-v3-large") String model,
                              @DefaultValue("60s") Duration timeout,
                              @DefaultValue("") String llmProvider,
                              @DefaultValue("") String llmModel,
                              @DefaultValue("2000000") int maxCodeChars,
                              @DefaultValue("20000") int maxLineChars) {

    public enum Engine { AUTO, LOCAL, REMOTE, LLM }

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    boolean hasLlm() {
        return !llmProvider.isBlank() && !llmModel.isBlank();
    }

    EditLimits limits() {
        return new EditLimits(maxCodeChars, maxLineChars);
    }

    @Override
    public String toString() {
        return "MorphProperties[engine=" + engine + ", baseUrl=" + baseUrl + ", apiKey=" + (hasApiKey() ? "<set>" : "<none>")
                + ", model=" + model + ", timeout=" + timeout + ", llmProvider=" + llmProvider + ", llmModel=" + llmModel
                + ", maxCodeChars=" + maxCodeChars + ", maxLineChars=" + maxLineChars + "]";
    }
}
