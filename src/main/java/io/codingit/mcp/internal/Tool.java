package io.codingit.mcp.internal;

import io.codingit.ratelimit.RateLimitGroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One MCP tool: its name, the description a model reads, its JSON schema, the rate-limit group of the REST route
 * it stands for, and what it does.
 *
 * @param readOnly told to clients as the {@code readOnlyHint} annotation
 */
record Tool(String name, String description, Map<String, Object> inputSchema, RateLimitGroup group, boolean readOnly,
            Body body) {

    /** Does the work; returns a {@code CallToolResult} or any value that serialises to a JSON object. */
    @FunctionalInterface
    interface Body {
        Object call(ToolContext context);
    }

    /**
     * The budget a call draws from: the route's group, except that a general route which only reads is
     * charged to {@code read}, as the rate limiter charges the REST route itself (docs/rate-limiting.md).
     */
    RateLimitGroup budget() {
        return group == RateLimitGroup.GENERAL && readOnly ? RateLimitGroup.READ : group;
    }

    /** The names the schema declares: the only arguments the tool accepts. */
    @SuppressWarnings("unchecked")
    Set<String> argumentNames() {
        return ((Map<String, Object>) inputSchema.get("properties")).keySet();
    }

    /** An object schema; {@code properties} in the order given. */
    static Map<String, Object> schema(List<Map.Entry<String, Map<String, Object>>> properties, List<String> required) {
        Map<String, Object> props = new LinkedHashMap<>();
        properties.forEach(p -> props.put(p.getKey(), p.getValue()));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    static Map.Entry<String, Map<String, Object>> string(String name, String description) {
        return Map.entry(name, Map.of("type", "string", "description", description));
    }

    static Map.Entry<String, Map<String, Object>> integer(String name, String description, int min, int max) {
        return Map.entry(name, Map.of("type", "integer", "description", description, "minimum", min, "maximum", max));
    }
}
