package io.codingit.llm;

/**
 * What the caller may set per request ({@code config} of the contract). Every field is optional;
 * parameters a provider does not support are not sent to it.
 *
 * @param apiKey  the caller's own key; never logged, echoed or stored
 * @param baseUrl the caller's base URL; must pass {@link OutboundUrlPolicy}
 */
public record GenerationConfig(String apiKey, String baseUrl, Double temperature, Double topP, Integer topK,
                               Double frequencyPenalty, Double presencePenalty, Integer maxTokens) {
    public static GenerationConfig none() {
        return new GenerationConfig(null, null, null, null, null, null, null, null);
    }

    public boolean hasOwnApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "GenerationConfig[apiKey=" + (hasOwnApiKey() ? "<set>" : "<none>") + ", baseUrl=" + (baseUrl != null)
                + ", temperature=" + temperature + ", topP=" + topP + ", topK=" + topK + ", frequencyPenalty="
                + frequencyPenalty + ", presencePenalty=" + presencePenalty + ", maxTokens=" + maxTokens + "]";
    }
}
