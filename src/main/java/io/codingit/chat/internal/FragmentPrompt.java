package io.codingit.chat.internal;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.codingit.chat.ChatTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fragment the model generates, and the system prompt asking for it: the peer's {@code toPrompt}
 * (skilled engineer, generate a fragment, may install dependencies, no dependency files, no
 * backticks, the templates) followed by the fragment's fields, so that providers without a schema
 * mode still know the shape.
 */
final class FragmentPrompt {
    /** Field name → what the model should put there (the peer's zod schema descriptions). */
    static final Map<String, String> FIELDS = fields();

    static final JsonObjectSchema SCHEMA = JsonObjectSchema.builder()
            .addProperty("commentary", string("commentary"))
            .addProperty("template", string("template"))
            .addProperty("title", string("title"))
            .addProperty("description", string("description"))
            .addProperty("additional_dependencies", JsonArraySchema.builder()
                    .description(FIELDS.get("additional_dependencies")).items(new JsonStringSchema()).build())
            .addProperty("has_additional_dependencies", JsonBooleanSchema.builder()
                    .description(FIELDS.get("has_additional_dependencies")).build())
            .addProperty("install_dependencies_command", string("install_dependencies_command"))
            .addProperty("port", JsonIntegerSchema.builder().description(FIELDS.get("port")).build())
            .addProperty("file_path", string("file_path"))
            .addProperty("code", string("code"))
            .required(FIELDS.keySet().stream().filter(name -> !name.equals("port")).toList())
            .additionalProperties(false)
            .build();

    private FragmentPrompt() {
    }

    static String system(List<ChatTemplate> templates) {
        return """
                You are a skilled software engineer.
                You do not make mistakes.
                Generate a fragment.
                You can install additional dependencies.
                Do not touch project dependencies files like package.json, package-lock.json, requirements.txt, etc.
                Do not wrap code in backticks.
                Always break the lines correctly.
                You can use one of the following templates:
                """ + templateList(templates) + """


                Respond with one JSON object and nothing else (no prose, no code fences), with these fields:
                """ + FIELDS.entrySet().stream().map(f -> "- " + f.getKey() + ": " + f.getValue())
                .collect(Collectors.joining("\n"));
    }

    static String templateList(List<ChatTemplate> templates) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < templates.size(); i++) {
            ChatTemplate t = templates.get(i);
            out.append(i + 1).append(". ").append(t.id()).append(": \"").append(t.instructions()).append("\". File: ")
                    .append(t.file() == null ? "none" : t.file()).append(". Dependencies installed: ")
                    .append(String.join(", ", t.libraries())).append(". Port: ")
                    .append(t.port() == null ? "none" : t.port()).append('.');
            if (i < templates.size() - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static JsonStringSchema string(String field) {
        return JsonStringSchema.builder().description(FIELDS.get(field)).build();
    }

    private static Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("commentary", "Describe what you're about to do and the steps you want to take for generating the fragment in great detail.");
        f.put("template", "Name of the template used to generate the fragment.");
        f.put("title", "Short title of the fragment. Max 3 words.");
        f.put("description", "Short description of the fragment. Max 1 sentence.");
        f.put("additional_dependencies", "Additional dependencies required by the fragment. Do not include dependencies that are already included in the template.");
        f.put("has_additional_dependencies", "Detect if additional dependencies that are not included in the template are required by the fragment.");
        f.put("install_dependencies_command", "Command to install additional dependencies required by the fragment.");
        f.put("port", "Port number used by the resulting fragment. Null when no ports are exposed.");
        f.put("file_path", "Relative path to the file, including the file name.");
        f.put("code", "Code generated by the fragment. Only runnable code is allowed.");
        return java.util.Collections.unmodifiableMap(f);
    }
}
