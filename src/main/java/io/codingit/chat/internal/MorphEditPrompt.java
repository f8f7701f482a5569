package io.codingit.chat.internal;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

/**
 * What morph-chat asks the model for: an edit snippet in Morph's lazy format plus commentary, as
 * structured output {@code {commentary, instruction, edit, file_path}} (the peer's instructions).
 */
final class MorphEditPrompt {

    static final JsonObjectSchema SCHEMA = JsonObjectSchema.builder()
            .addProperty("commentary", JsonStringSchema.builder()
                    .description("Explain what you are changing and why, for the user.").build())
            .addProperty("instruction", JsonStringSchema.builder()
                    .description("One sentence, in the first person, saying what the edit does.").build())
            .addProperty("edit", JsonStringSchema.builder()
                    .description("The edit snippet: only the changed lines with context, every unchanged span"
                            + " elided with the '... existing code ...' comment.").build())
            .addProperty("file_path", JsonStringSchema.builder().description("Path of the file being edited.").build())
            .required("commentary", "instruction", "edit", "file_path")
            .additionalProperties(false)
            .build();

    private MorphEditPrompt() {
    }

    static String system(String filePath, String code) {
        return """
                You are a skilled software engineer editing one existing file.
                Do not rewrite the file. Write an edit snippet in which unchanged code is left out:
                - Show only the lines you change, each change with a few unchanged lines of context before
                  and after it, enough that the context occurs only once in the file.
                - Replace every span of unchanged code you leave out with a comment in the file's language
                  containing exactly "... existing code ...", e.g. "// ... existing code ..." or
                  "# ... existing code ..." or "<!-- ... existing code ... -->", on its own line.
                - Start with such a comment unless your snippet begins at the first line of the file, and end
                  with one unless it reaches the last line.
                - To delete code, show the unchanged lines just before and just after it and leave it out.
                - Keep the file's indentation.
                Respond with one JSON object and nothing else (no prose, no code fences), with these fields:
                - commentary: what you change and why, for the user
                - instruction: one sentence in the first person saying what the edit does
                - edit: the edit snippet
                - file_path: the path of the file

                The file is %s:
                <file>
                %s
                </file>
                """.formatted(filePath == null || filePath.isBlank() ? "unnamed" : filePath, code);
    }
}
