package io.codingit.llm.internal;

import io.codingit.llm.LlmProvider;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's keys, by the variables llm owns (GEMINI_API_KEY among them). */
class ApiKeysTest {

    @Test
    void googleTakesGeminiApiKeyWhenGoogleAiApiKeyIsUnset() {
        ApiKeys keys = new ApiKeys(new MockEnvironment().withProperty("GEMINI_API_KEY", " gemini-key "));
        assertThat(keys.serverKey(LlmProvider.GOOGLE)).contains("gemini-key");
        assertThat(keys.serverCanServe(LlmProvider.GOOGLE)).isTrue();
        assertThat(keys.serverCanServe(LlmProvider.OPENAI)).isFalse();
    }

    @Test
    void thePreferredVariableWinsAndBlankValuesCountAsUnset() {
        ApiKeys keys = new ApiKeys(new MockEnvironment().withProperty("GOOGLE_AI_API_KEY", "google-key")
                .withProperty("GEMINI_API_KEY", "gemini-key").withProperty("OPENAI_API_KEY", "  "));
        assertThat(keys.serverKey(LlmProvider.GOOGLE)).contains("google-key");
        assertThat(keys.serverKey(LlmProvider.OPENAI)).isEmpty();
        assertThat(LlmProvider.GOOGLE.apiKeyVariables()).containsExactly("GOOGLE_AI_API_KEY", "GEMINI_API_KEY");
        assertThat(LlmProvider.OLLAMA.apiKeyVariables()).isEmpty();
    }
}
