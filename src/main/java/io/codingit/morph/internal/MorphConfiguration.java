package io.codingit.morph.internal;

import io.codingit.morph.CodeApplier;
import io.codingit.morph.LocalCodeApplier;
import io.codingit.morph.remote.MorphCloudClient;
import java.net.http.HttpClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Chooses the apply engine once at start: {@code remote} needs MORPH_API_KEY, {@code auto} uses it when set. */
@Configuration(proxyBeanMethods = false)
class MorphConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MorphConfiguration.class);

    @Bean
    CodeApplier codeApplier(MorphProperties properties, JsonMapper json) {
        boolean remote = switch (properties.engine()) {
            case LOCAL -> false;
            case AUTO -> properties.hasApiKey();
            case REMOTE -> {
                if (!properties.hasApiKey()) {
                    throw new IllegalStateException(
                            "codingit.morph.engine=remote needs MORPH_API_KEY (codingit.morph.api-key) to be set");
                }
                yield true;
            }
        };
        log.info("lazy edits are applied by the {} engine", remote ? "remote (Morph cloud)" : "local");
        if (!remote) {
            return new LocalCodeApplier();
        }
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new MorphCloudClient(properties.baseUrl(), properties.apiKey(), properties.model(), properties.timeout(),
                http, json);
    }
}
