package io.codingit.morph.internal;

import io.codingit.support.NodePackages;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The official {@code openai} npm package (src/test/resources/morph/openai-client, installed by
 * {@link NodePackages}), run with Node as a client of this server's {@code /v1/chat/completions}.
 */
final class OpenAiNodeClient {
    private final NodePackages packages;

    private OpenAiNodeClient(NodePackages packages) {
        this.packages = packages;
    }

    static OpenAiNodeClient prepared() throws IOException, InterruptedException {
        return new OpenAiNodeClient(NodePackages.install("/morph/openai-client/", List.of("apply.mjs"), "openai"));
    }

    /** Runs apply.mjs in the given mode; returns the JSON line it printed. */
    JsonNode run(String mode, Map<String, String> environment) throws IOException, InterruptedException {
        return packages.run(environment, Duration.ofSeconds(60), "apply.mjs", mode);
    }
}
