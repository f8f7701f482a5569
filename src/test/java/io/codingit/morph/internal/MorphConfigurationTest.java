package io.codingit.morph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codingit.morph.CodeApplier;
import io.codingit.morph.internal.MorphProperties.Engine;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Which engine codingit.morph.engine and MORPH_API_KEY select. */
class MorphConfigurationTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private static MorphProperties properties(Engine engine, String key) {
        return properties(engine, key, "", "");
    }

    private static MorphProperties properties(Engine engine, String key, String llmProvider, String llmModel) {
        return new MorphProperties(engine, URI.create("https://api.morphllm.com/v1"), key, "morph-v3-large",
                Duration.ofSeconds(60), llmProvider, llmModel, 2_000_000, 20_000);
    }

    private String engine(MorphProperties properties) {
        CodeApplier applier = new MorphConfiguration().morphEngines(properties, json, null).configured();
        return applier instanceof FallbackCodeApplier auto ? "local+" + auto.fallback().engine() : applier.engine();
    }

    @Test
    void autoIsLocalFirstThenTheCloudWhenAKeyIsSetElseTheConfiguredModel() {
        assertThat(engine(properties(Engine.AUTO, null))).isEqualTo("local");
        assertThat(engine(properties(Engine.AUTO, " "))).isEqualTo("local");
        assertThat(engine(properties(Engine.AUTO, "sk-m"))).isEqualTo("local+morph");
        assertThat(engine(properties(Engine.AUTO, null, "openai", "gpt-test"))).isEqualTo("local+llm");
        assertThat(engine(properties(Engine.AUTO, "sk-m", "openai", "gpt-test"))).isEqualTo("local+morph");
    }

    @Test
    void localIgnoresTheKey() {
        assertThat(engine(properties(Engine.LOCAL, "sk-m"))).isEqualTo("local");
    }

    @Test
    void remoteAndLlmAreTheirEngineAlone() {
        assertThat(engine(properties(Engine.REMOTE, "sk-m"))).isEqualTo("morph");
        assertThat(engine(properties(Engine.LLM, null, "openai", "gpt-test"))).isEqualTo("llm");
    }

    @Test
    void remoteWithoutAKeyFailsAtStartNamingTheVariable() {
        assertThatThrownBy(() -> engine(properties(Engine.REMOTE, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MORPH_API_KEY");
    }

    @Test
    void llmWithoutAModelOrWithAnUnknownProviderFailsAtStart() {
        assertThatThrownBy(() -> engine(properties(Engine.LLM, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("codingit.morph.llm-model");
        assertThatThrownBy(() -> engine(properties(Engine.AUTO, null, "nosuch", "m")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nosuch");
    }

    @Test
    void propertiesNeverPrintTheKey() {
        assertThat(properties(Engine.REMOTE, "sk-secret-morph").toString()).doesNotContain("sk-secret-morph");
    }
}
