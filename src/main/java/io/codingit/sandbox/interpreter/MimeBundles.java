package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.CellResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Turns a Jupyter MIME bundle ({@code {"text/plain": ..., "image/png": ...}}) into E2B's result shape. */
final class MimeBundles {
    private static final Set<String> NAMED = Set.of("text/plain", "text/html", "text/markdown", "image/svg+xml",
            "image/png", "image/jpeg", "application/pdf", "text/latex", "application/json",
            "application/javascript", "application/vnd.dataresource+json");

    private final JsonMapper json;

    MimeBundles(JsonMapper json) {
        this.json = json;
    }

    CellResult toResult(JsonNode bundle, boolean main) {
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : bundle.properties()) {
            if (!NAMED.contains(entry.getKey())) {
                extra.put(entry.getKey(), value(entry.getValue()));
            }
        }
        return new CellResult(
                text(bundle, "text/plain"),
                text(bundle, "text/html"),
                text(bundle, "text/markdown"),
                text(bundle, "image/svg+xml"),
                base64(bundle, "image/png"),
                base64(bundle, "image/jpeg"),
                base64(bundle, "application/pdf"),
                text(bundle, "text/latex"),
                bundle.has("application/json") ? value(bundle.get("application/json")) : null,
                text(bundle, "application/javascript"),
                bundle.has("application/vnd.dataresource+json") ? value(bundle.get("application/vnd.dataresource+json")) : null,
                null,
                extra,
                main);
    }

    private static String text(JsonNode bundle, String mime) {
        JsonNode node = bundle.get(mime);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    /** Base64 data; IPython sometimes wraps it across lines, which data URLs do not accept. */
    private static String base64(JsonNode bundle, String mime) {
        String data = text(bundle, mime);
        return data == null ? null : data.replace("\n", "");
    }

    private Object value(JsonNode node) {
        return json.treeToValue(node, Object.class);
    }
}
