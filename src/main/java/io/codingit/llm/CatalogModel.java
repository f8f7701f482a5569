package io.codingit.llm;

/**
 * An entry of the model catalog ({@code GET /api/models}).
 *
 * @param configured  whether this server can serve the model to a caller without its own key or base URL:
 *                    it holds the provider's key, or (a keyless provider such as Ollama) its endpoint
 *                    accepts connections now
 * @param unavailable when not configured, why, in words ("needs a key", "not running at http://…"); else null
 */
public record CatalogModel(String id, String name, String provider, String providerId, boolean multiModal,
                           boolean configured, String unavailable) {
}
