package io.codingit.projects.internal;

import io.codingit.files.WorkspacePath;
import io.codingit.projects.ProjectException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fragment as stored: the model's whole object, with the fields the project looks at read out of it
 * (title, template, file and code). Whatever else the model put in the object is kept as it came.
 */
record Fragments(ObjectNode object, String title, String template, String filePath, String code) {
    static final String RESERVED_DIRECTORY = ".codingit";

    static Fragments parse(JsonMapper json, String text, int maxChars) {
        if (text == null) {
            throw ProjectException.invalid("fragment is required");
        }
        if (text.length() > maxChars) {
            throw ProjectException.tooLarge("fragment_too_large", "the fragment has " + text.length()
                    + " characters; at most " + maxChars + " are stored");
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            throw ProjectException.invalid("fragment is not valid JSON");
        }
        return of(node);
    }

    static Fragments of(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ProjectException.invalid("fragment must be a JSON object");
        }
        ObjectNode object = (ObjectNode) node;
        return new Fragments(object, text(object, "title"), text(object, "template"), text(object, "file_path"),
                text(object, "code"));
    }

    /** The code, or "" when the model wrote none. */
    String codeOrEmpty() {
        return code == null ? "" : code;
    }

    /**
     * Where the fragment's code goes in an export, a workspace folder or a repository: its own
     * {@code file_path} when that is a plain relative path outside {@value #RESERVED_DIRECTORY}, else {@code fallback}.
     */
    String safeFilePath(String fallback) {
        String candidate = filePath == null ? null : filePath.startsWith("/home/user/") ? filePath.substring(11) : filePath;
        if (candidate == null || candidate.isBlank() || candidate.startsWith("/")) {
            return fallback;
        }
        try {
            String value = WorkspacePath.of(candidate).value();
            return value.equals(RESERVED_DIRECTORY) || value.startsWith(RESERVED_DIRECTORY + "/") ? fallback : value;
        } catch (RuntimeException invalid) {
            return fallback;
        }
    }

    private static String text(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
