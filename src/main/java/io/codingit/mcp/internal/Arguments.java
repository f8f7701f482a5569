package io.codingit.mcp.internal;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tool call's arguments, read by name and type. A missing required argument, a value of the wrong type or an
 * argument the tool does not know is a JSON-RPC "invalid params" error naming the argument, so a client (or the
 * model behind it) sees exactly what to fix.
 */
final class Arguments {
    private final String tool;
    private final Map<String, Object> values;

    Arguments(String tool, Map<String, Object> values, Set<String> known) {
        this.tool = tool;
        this.values = values == null ? Map.of() : values;
        Set<String> unknown = new TreeSet<>(this.values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw invalid("unknown argument '" + unknown.iterator().next() + "'; " + tool + " takes "
                    + String.join(", ", new TreeSet<>(known)));
        }
    }

    String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw invalid("argument '" + name + "' is required");
        }
        return value;
    }

    String optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid("argument '" + name + "' must be a string, not " + typeOf(value));
        }
        return text;
    }

    Integer optionalInteger(String name, int min, int max) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw invalid("argument '" + name + "' must be an integer, not " + typeOf(value));
        }
        double d = number.doubleValue();
        if (d < min || d > max) {
            throw invalid("argument '" + name + "' must be between " + min + " and " + max);
        }
        return (int) d;
    }

    int requiredInteger(String name, int min, int max) {
        Integer value = optionalInteger(name, min, max);
        if (value == null) {
            throw invalid("argument '" + name + "' is required");
        }
        return value;
    }

    private McpError invalid(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(tool + ": " + message).build();
    }

    private static String typeOf(Object value) {
        return switch (value) {
            case String s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            case Map<?, ?> m -> "an object";
            case Iterable<?> i -> "an array";
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
