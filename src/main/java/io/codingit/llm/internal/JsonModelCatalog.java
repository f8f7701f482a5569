package io.codingit.llm.internal;

import io.codingit.llm.CatalogModel;
import io.codingit.llm.LlmProvider;
import io.codingit.llm.ModelCatalog;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The catalog of {@code io/codingit/llm/models.json}, or of the operator's {@code codingit.llm.models-file}
 * (same format). Read once at start, so a broken file stops the start rather than a request;
 * {@code configured} is computed per call because it follows the server's keys.
 */
@Component
class JsonModelCatalog implements ModelCatalog {
    private static final String BUILT_IN = "/io/codingit/llm/models.json";

    private final List<Entry> entries;
    private final ApiKeys apiKeys;
    private final EndpointProbe probe;

    record Entry(String id, String name, String provider, String providerId, boolean multiModal) {
    }

    record CatalogFile(List<Entry> models) {
    }

    JsonModelCatalog(LlmProperties properties, ApiKeys apiKeys, EndpointProbe probe) {
        this.apiKeys = apiKeys;
        this.probe = probe;
        this.entries = read(properties.modelsFile());
    }

    @Override
    public List<CatalogModel> models() {
        return entries.stream().map(this::toModel).toList();
    }

    private CatalogModel toModel(Entry e) {
        LlmProvider provider = LlmProvider.byId(e.providerId()).orElseThrow();
        String unavailable = unavailableReason(provider);
        return new CatalogModel(e.id(), e.name(), e.provider(), e.providerId(), e.multiModal(), unavailable == null,
                unavailable);
    }

    /** Why the server cannot serve the provider without the caller's own key or base URL; null when it can. */
    private String unavailableReason(LlmProvider provider) {
        if (provider.needsApiKey()) {
            return apiKeys.serverCanServe(provider) ? null : "needs a key";
        }
        return probe.reachable(provider) ? null : "not running at " + probe.endpoint(provider);
    }

    private static List<Entry> read(String file) {
        JsonMapper json = JsonMapper.builder().build();
        try (InputStream in = file.isBlank() ? JsonModelCatalog.class.getResourceAsStream(BUILT_IN)
                : Files.newInputStream(Path.of(file))) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
            }
            List<Entry> models = json.readValue(in, CatalogFile.class).models();
            if (models == null) {
                throw new IllegalStateException("the model catalog " + (file.isBlank() ? BUILT_IN : file)
                        + " has no \"models\" array");
            }
            for (Entry model : models) {
                if (model.id() == null || LlmProvider.byId(model.providerId()).isEmpty()) {
                    throw new IllegalStateException("model catalog entry " + model.id() + " needs an id and one of the providerIds "
                            + LlmProvider.ids());
                }
            }
            return List.copyOf(models);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model catalog " + (file.isBlank() ? BUILT_IN : file), e);
        }
    }
}
