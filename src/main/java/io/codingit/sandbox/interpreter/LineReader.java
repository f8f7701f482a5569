package io.codingit.sandbox.interpreter;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads newline-terminated UTF-8 lines with a size cap, so that code inside the sandbox cannot make the
 * server buffer an unbounded line.
 */
final class LineReader {
    /** Returned for a line longer than the cap (its content was discarded); compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    static final String OVERSIZED = new String("[oversized line]");

    private final InputStream in;
    private final int maxLineBytes;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = new BufferedInputStream(in, 65536);
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its newline, {@link #OVERSIZED} for a line over the cap, null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean oversized = false;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return oversized ? OVERSIZED : line.toString(StandardCharsets.UTF_8);
            }
            if (!oversized) {
                if (line.size() >= maxLineBytes) {
                    oversized = true;
                    line = new ByteArrayOutputStream(0);
                } else {
                    line.write(b);
                }
            }
        }
        return null;
    }
}
