package io.codingit.morph.internal;

/**
 * The parts of Morph's apply message {@code <instruction>…</instruction><code>…</code><update>…</update>}.
 * The update is the text between the last {@code <update>} and the closing {@code </update>} that ends the
 * message; the code runs from the first {@code <code>} to the last {@code </code>} before that: code and
 * updates may themselves contain such tags (HTML's {@code <code>}), the message's frame cannot.
 */
record ApplyMessage(String instruction, String code, String update) {

    static ApplyMessage parse(String content) {
        String text = content.strip();
        if (!text.endsWith("</update>")) {
            throw new ApplyRequestException("invalid_apply_message",
                    "the user message must end with <update>…</update> (Morph's format: <instruction>…</instruction>"
                            + "<code>…</code><update>…</update>)");
        }
        int updateEnd = text.length() - "</update>".length();
        int updateStart = text.lastIndexOf("<update>", updateEnd);
        if (updateStart < 0) {
            throw new ApplyRequestException("invalid_apply_message", "the user message has </update> without <update>");
        }
        int codeEnd = text.lastIndexOf("</code>", updateStart);
        int codeStart = text.indexOf("<code>");
        if (codeEnd < 0 || codeStart < 0 || codeStart > codeEnd) {
            throw new ApplyRequestException("invalid_apply_message",
                    "the user message must have the file in <code>…</code> before the <update>");
        }
        String instruction = "";
        int instructionStart = text.indexOf("<instruction>");
        int instructionEnd = text.indexOf("</instruction>");
        if (instructionStart >= 0 && instructionStart < codeStart && instructionEnd > instructionStart
                && instructionEnd < codeStart) {
            instruction = text.substring(instructionStart + "<instruction>".length(), instructionEnd).strip();
        }
        String code = text.substring(codeStart + "<code>".length(), codeEnd);
        String update = text.substring(updateStart + "<update>".length(), updateEnd);
        return new ApplyMessage(instruction, withoutFrameNewline(code), withoutFrameNewline(update));
    }

    /** Clients write "<code>\n…\n</code>": the newline right after the opening tag is the frame's, not the file's. */
    private static String withoutFrameNewline(String text) {
        if (text.startsWith("\r\n")) {
            return text.substring(2);
        }
        return text.startsWith("\n") ? text.substring(1) : text;
    }
}
