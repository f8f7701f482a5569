package io.codingit.morph.internal;

import io.codingit.llm.LlmClient;
import io.codingit.llm.LlmProvider;
import io.codingit.morph.CodeApplier;
import io.codingit.morph.LocalCodeApplier;
import io.codingit.morph.remote.MorphCloudClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chooses the apply engine once at start (docs/morph.md): {@code local}; {@code remote} (Morph's cloud, needs
 * MORPH_API_KEY); {@code llm} (a configured model rewrites the file); {@code auto}: local first, and when it
 * refuses, Morph's cloud if a key is set, else the configured model, else the refusal.
 */
@Configuration(proxyBeanMethods = false)
class MorphConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MorphConfiguration.class);

    @Bean
    Engines morphEngines(MorphProperties properties, JsonMapper json, LlmClient llm) {
        LocalCodeApplier local = new LocalCodeApplier(properties.limits());
        MorphCloudClient cloud = null;
        if (properties.hasApiKey()) {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            cloud = new MorphCloudClient(properties.baseUrl(), properties.apiKey(), properties.model(),
                    properties.timeout(), http, json, properties.limits());
        }
        LlmRewriteApplier rewriter = null;
        if (properties.hasLlm()) {
            LlmProvider provider = LlmProvider.byId(properties.llmProvider()).orElseThrow(() -> new IllegalStateException(
                    "codingit.morph.llm-provider: unknown provider '" + properties.llmProvider() + "' (one of "
                            + LlmProvider.ids() + ")"));
            // the provider's endpoint is the llm feature's (codingit.llm.base-urls.<provider>), as its key is
            rewriter = new LlmRewriteApplier(llm, provider, properties.llmModel(), properties.limits());
        }
        CodeApplier chosen = switch (properties.engine()) {
            case LOCAL -> local;
            case REMOTE -> {
                if (cloud == null) {
                    throw new IllegalStateException(
                            "codingit.morph.engine=remote needs MORPH_API_KEY (codingit.morph.api-key) to be set");
                }
                yield cloud;
            }
            case LLM -> {
                if (rewriter == null) {
                    throw new IllegalStateException("codingit.morph.engine=llm needs codingit.morph.llm-provider and"
                            + " codingit.morph.llm-model");
                }
                yield rewriter;
            }
            case AUTO -> cloud != null ? new FallbackCodeApplier(local, cloud)
                    : rewriter != null ? new FallbackCodeApplier(local, rewriter) : local;
        };
        log.info("lazy edits are applied by the {} engine{}", chosen.engine(), chosen instanceof FallbackCodeApplier auto
                ? " (local, then " + auto.fallback().engine() + " when the local engine refuses)" : "");
        return new Engines(chosen, Optional.ofNullable(cloud));
    }

    @Bean
    CodeApplier codeApplier(Engines engines) {
        return engines.configured();
    }

    /** The configured applier, and Morph's cloud client when a key is set (for /v1 requests naming a Morph model). */
    record Engines(CodeApplier configured, Optional<MorphCloudClient> cloud) {
    }
}
