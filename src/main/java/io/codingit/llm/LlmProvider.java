package io.codingit.llm;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The providers {@code model.providerId} can name. OpenAI-compatible services share one client and
 * differ only in their default base URL and key variable; Anthropic, Gemini (also on Vertex AI) and Ollama
 * speak their own APIs.
 *
 * @param id             the contract's provider id
 * @param apiKeyVariable the environment variable holding the server's key; null when none is needed
 *                       ({@link #apiKeyVariables()} lists the other names a provider's key goes by)
 * @param defaultBaseUrl where requests go unless the caller supplies {@code config.baseURL}
 * @param wire           which protocol the provider speaks
 */
public enum LlmProvider {
    OPENAI("openai", "OPENAI_API_KEY", "https://api.openai.com/v1", Wire.OPENAI),
    ANTHROPIC("anthropic", "ANTHROPIC_API_KEY", "https://api.anthropic.com/v1", Wire.ANTHROPIC),
    GOOGLE("google", "GOOGLE_AI_API_KEY", "https://generativelanguage.googleapis.com/v1beta", Wire.GEMINI),
    /** Gemini on Vertex AI: an OAuth access token (Bearer), and {@code {location}} filled from the server's config. */
    VERTEX("vertex", "GOOGLE_VERTEX_ACCESS_TOKEN", "https://{location}-aiplatform.googleapis.com/v1", Wire.VERTEX),
    MISTRAL("mistral", "MISTRAL_API_KEY", "https://api.mistral.ai/v1", Wire.OPENAI),
    GROQ("groq", "GROQ_API_KEY", "https://api.groq.com/openai/v1", Wire.OPENAI),
    TOGETHERAI("togetherai", "TOGETHER_API_KEY", "https://api.together.xyz/v1", Wire.OPENAI),
    FIREWORKS("fireworks", "FIREWORKS_API_KEY", "https://api.fireworks.ai/inference/v1", Wire.OPENAI),
    XAI("xai", "XAI_API_KEY", "https://api.x.ai/v1", Wire.OPENAI),
    DEEPSEEK("deepseek", "DEEPSEEK_API_KEY", "https://api.deepseek.com/v1", Wire.OPENAI),
    OPENROUTER("openrouter", "OPENROUTER_API_KEY", "https://openrouter.ai/api/v1", Wire.OPENAI),
    OLLAMA("ollama", null, "http://localhost:11434", Wire.OLLAMA);

    /** The wire protocols we speak. */
    public enum Wire { OPENAI, ANTHROPIC, GEMINI, VERTEX, OLLAMA }

    private final String id;
    private final String apiKeyVariable;
    private final String defaultBaseUrl;
    private final Wire wire;

    LlmProvider(String id, String apiKeyVariable, String defaultBaseUrl, Wire wire) {
        this.id = id;
        this.apiKeyVariable = apiKeyVariable;
        this.defaultBaseUrl = defaultBaseUrl;
        this.wire = wire;
    }

    public String id() {
        return id;
    }

    public String apiKeyVariable() {
        return apiKeyVariable;
    }

    /**
     * Every variable the server's key may be in, the preferred first: Google's own tools (the Gemini
     * CLI, the GenAI SDKs) read {@code GEMINI_API_KEY}, so the server accepts it as well.
     */
    public List<String> apiKeyVariables() {
        if (apiKeyVariable == null) {
            return List.of();
        }
        return this == GOOGLE ? List.of(apiKeyVariable, "GEMINI_API_KEY") : List.of(apiKeyVariable);
    }

    public boolean needsApiKey() {
        return apiKeyVariable != null;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public Wire wire() {
        return wire;
    }

    public static Optional<LlmProvider> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(LlmProvider::id).toList();
    }
}
