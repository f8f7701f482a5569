package io.codingit.morph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codingit.morph.internal.MorphProperties.Engine;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Which engine codingit.morph.engine and MORPH_API_KEY select. */
class MorphConfigurationTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private static MorphProperties properties(Engine engine, String key) {
        return new MorphProperties(engine, URI.create("https://api.morphllm.com/v1"), key, "morph-v3-large",
                Duration.ofSeconds(60));
    }

    @Test
    void autoUsesTheCloudOnlyWhenAKeyIsSet() {
        assertThat(new MorphConfiguration().codeApplier(properties(Engine.AUTO, null), json).engine()).isEqualTo("local");
        assertThat(new MorphConfiguration().codeApplier(properties(Engine.AUTO, " "), json).engine()).isEqualTo("local");
        assertThat(new MorphConfiguration().codeApplier(properties(Engine.AUTO, "sk-m"), json).engine()).isEqualTo("remote");
    }

    @Test
    void localIgnoresTheKey() {
        assertThat(new MorphConfiguration().codeApplier(properties(Engine.LOCAL, "sk-m"), json).engine()).isEqualTo("local");
    }

    @Test
    void remoteWithoutAKeyFailsAtStartNamingTheVariable() {
        assertThatThrownBy(() -> new MorphConfiguration().codeApplier(properties(Engine.REMOTE, null), json))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MORPH_API_KEY");
    }

    @Test
    void propertiesNeverPrintTheKey() {
        assertThat(properties(Engine.REMOTE, "sk-secret-morph").toString()).doesNotContain("sk-secret-morph");
    }
}
