package io.codingit.tasks.internal.agents;

import io.codingit.common.DomainException.Kind;
import io.codingit.tasks.TaskException;
import io.codingit.llm.CatalogModel;
import io.codingit.llm.LlmProvider;
import io.codingit.llm.ModelCatalog;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code selectedModel} means for the built-in agent: a model id of the catalog ({@code GET /api/models},
 * e.g. {@code gpt-4o-mini}) or {@code providerId:model} for any model of a known provider (e.g.
 * {@code anthropic:claude-sonnet-4-5}). The catalog is asked first, so a catalog id containing a colon
 * (Ollama's {@code llama3.1:8b}) keeps its meaning.
 */
public final class ModelSelection {
    /** Letters, digits and the punctuation model names use; no spaces, quotes or shell characters. */
    static final Pattern SHAPE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$");

    /** A resolved model. */
    public record Model(LlmProvider provider, String name) {
    }

    private final ModelCatalog catalog;

    public ModelSelection(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    static void checkShape(String model) {
        if (model != null && !SHAPE.matcher(model).matches()) {
            throw new TaskException(Kind.INVALID, "selectedModel must be 1-200 characters of letters, digits and . _ : / @ + -");
        }
    }

    public Model resolve(String model) {
        checkShape(model);
        Optional<CatalogModel> listed = catalog.models().stream().filter(m -> m.id().equals(model)).findFirst();
        if (listed.isPresent()) {
            LlmProvider provider = LlmProvider.byId(listed.get().providerId()).orElseThrow(() ->
                    new TaskException(Kind.INVALID, "selectedModel's provider is not supported: " + listed.get().providerId()));
            return new Model(provider, listed.get().id());
        }
        int colon = model.indexOf(':');
        if (colon > 0 && colon < model.length() - 1) {
            Optional<LlmProvider> provider = LlmProvider.byId(model.substring(0, colon));
            if (provider.isPresent()) {
                return new Model(provider.get(), model.substring(colon + 1));
            }
        }
        throw new TaskException(Kind.INVALID, "selectedModel must be a model id from GET /api/models or 'providerId:model' with a provider of "
                + String.join(", ", LlmProvider.ids()));
    }
}
