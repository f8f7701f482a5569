package io.codingit.llm;

/**
 * An entry of the model catalog ({@code GET /api/models}).
 *
 * @param configured whether this server holds a key for the model's provider (or it needs none),
 *                   so a caller without its own key can use it
 */
public record CatalogModel(String id, String name, String provider, String providerId, boolean multiModal,
                           boolean configured) {
}
