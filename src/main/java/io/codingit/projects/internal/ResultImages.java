package io.codingit.projects.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the images out of cell results so that they are stored once, by content hash: each
 * {@code png}, {@code jpeg}, {@code pdf} (base64) and {@code svg} (text) field, and each {@code image/*}
 * entry of {@code extra}, becomes an entry of the cell's {@code blobs} map ({@code {"png": "<sha256>"}}).
 * {@link #withUrls} adds where each can be fetched when a result is shown.
 */
final class ResultImages {
    /** Representation field → media type; base64 unless it is svg. */
    static final Map<String, String> IMAGE_FIELDS = Map.of(
            "png", "image/png", "jpeg", "image/jpeg", "pdf", "application/pdf", "svg", "image/svg+xml");

    private ResultImages() {
    }

    /** Bytes to store under their SHA-256. */
    record Blob(String sha256, String mediaType, byte[] content) {
        static Blob of(String mediaType, byte[] content) {
            return new Blob(ResultImages.sha256(content), mediaType, content);
        }
    }

    /** Cell results as stored (images replaced by hashes) and the images themselves, each once. */
    record Extracted(ArrayNode cells, Map<String, Blob> blobs) {
    }

    static Extracted extract(JsonMapper json, List<?> cellResults) {
        ArrayNode cells = json.createArrayNode();
        Map<String, Blob> blobs = new LinkedHashMap<>();
        for (Object cell : cellResults) {
            JsonNode node = json.valueToTree(cell);
            if (!(node instanceof ObjectNode object)) {
                cells.add(node);
                continue;
            }
            ObjectNode refs = json.createObjectNode();
            for (Map.Entry<String, String> field : IMAGE_FIELDS.entrySet()) {
                JsonNode value = object.get(field.getKey());
                byte[] bytes = value != null && value.isString() ? decode(field.getKey(), value.stringValue()) : null;
                if (bytes != null) {
                    Blob blob = Blob.of(field.getValue(), bytes);
                    blobs.putIfAbsent(blob.sha256(), blob);
                    refs.put(field.getKey(), blob.sha256());
                    object.remove(field.getKey());
                }
            }
            if (object.get("extra") instanceof ObjectNode extra) {
                for (String type : List.copyOf(extra.propertyNames())) {
                    JsonNode value = extra.get(type);
                    if (type.startsWith("image/") && type.length() <= 100 && value.isString()) {
                        byte[] bytes = decodeBase64(value.stringValue());
                        if (bytes != null) {
                            Blob blob = Blob.of(type, bytes);
                            blobs.putIfAbsent(blob.sha256(), blob);
                            refs.put(type, blob.sha256());
                            extra.remove(type);
                        }
                    }
                }
            }
            if (!refs.isEmpty()) {
                object.set("blobs", refs);
            }
            cells.add(object);
        }
        return new Extracted(cells, blobs);
    }

    /** The stored cells with {@code urls} beside {@code blobs}: {@code urlPrefix + sha256}. */
    static ArrayNode withUrls(JsonMapper json, ArrayNode stored, String urlPrefix) {
        ArrayNode out = stored.deepCopy();
        for (JsonNode cell : out) {
            if (cell instanceof ObjectNode object && object.get("blobs") instanceof ObjectNode refs) {
                ObjectNode urls = json.createObjectNode();
                for (Map.Entry<String, JsonNode> ref : refs.properties()) {
                    urls.put(ref.getKey(), urlPrefix + ref.getValue().asString());
                }
                object.set("urls", urls);
            }
        }
        return out;
    }

    /** Every hash the stored cells refer to. */
    static List<String> hashes(ArrayNode stored) {
        return stored.valueStream()
                .filter(cell -> cell.get("blobs") instanceof ObjectNode)
                .flatMap(cell -> cell.get("blobs").valueStream())
                .map(JsonNode::asString)
                .distinct()
                .toList();
    }

    private static byte[] decode(String field, String value) {
        return field.equals("svg") ? value.getBytes(StandardCharsets.UTF_8) : decodeBase64(value);
    }

    private static byte[] decodeBase64(String value) {
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
