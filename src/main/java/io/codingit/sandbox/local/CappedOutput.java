package io.codingit.sandbox.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains a stream to its end, keeping at most {@code cap} bytes; the rest is counted and dropped. */
final class CappedOutput {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final long cap;
    private long dropped;

    CappedOutput(long cap) {
        this.cap = cap;
    }

    /** Reads until end of stream (the process and all it started are gone) or an I/O error. */
    void drain(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int room = (int) Math.max(0, Math.min(n, cap - kept.size()));
                kept.write(buffer, 0, room);
                dropped += n - room;
            }
        } catch (IOException ignored) {
            // the stream was closed because the process was killed
        }
    }

    synchronized boolean truncated() {
        return dropped > 0;
    }

    /** The kept text, ending with a marker when something was dropped. */
    synchronized String text() {
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped > 0 ? text + "\n[output truncated: " + dropped + " more bytes]" : text;
    }

    synchronized byte[] bytes() {
        return kept.toByteArray();
    }
}
