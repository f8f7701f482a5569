package io.codingit.files.internal;


import io.codingit.common.DomainException.Kind;
import io.codingit.files.FilesException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * How file bytes travel in JSON: as UTF-8 text by default, or as base64 when the caller says
 * {@code "encoding": "base64"}. Reading picks base64 by itself for bytes that are not valid UTF-8,
 * so binary files are never mangled into replacement characters.
 */
enum ContentEncoding {
    UTF8("utf-8"), BASE64("base64");

    private final String label;

    ContentEncoding(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** {@code null} means the default, UTF-8 text. */
    static ContentEncoding parse(String field, String value) {
        if (value == null) {
            return UTF8;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "utf-8", "utf8", "text" -> UTF8;
            case "base64" -> BASE64;
            default -> throw new FilesException(Kind.INVALID, "Field '" + field + "' must be 'utf-8' or 'base64'");
        };
    }

    byte[] decode(String field, String content) {
        if (this == BASE64) {
            try {
                return Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                throw new FilesException(Kind.INVALID, "Field '" + field + "' is not valid base64");
            }
        }
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(content));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new FilesException(Kind.INVALID, "Field '" + field
                    + "' is not valid Unicode text (it has a lone surrogate); send binary data with encoding 'base64'");
        }
    }

    /** Content as it goes out: text when asked for text and the bytes are UTF-8, else base64. */
    record Encoded(String content, String encoding) {
    }

    static Encoded encode(byte[] bytes, ContentEncoding wanted) {
        if (bytes == null) {
            return new Encoded(null, null);
        }
        if (wanted == UTF8) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
                return new Encoded(text, null);
            } catch (CharacterCodingException e) {
                // not text: fall through to base64 and say so
            }
        }
        return new Encoded(Base64.getEncoder().encodeToString(bytes), BASE64.label);
    }
}
