package io.codingit.sandbox.interpreter;

import java.nio.charset.StandardCharsets;

/**
 * The per-cell cap of one output stream. The driver already truncates; this enforces the same cap on the
 * server side, because code in the sandbox can write to the driver's channel directly.
 */
final class OutputCap {
    private final String stream;
    private final long limitBytes;
    private long seenBytes;
    private boolean truncated;

    OutputCap(String stream, long limitBytes) {
        this.stream = stream;
        this.limitBytes = limitBytes;
    }

    static String marker(long limitBytes, String stream) {
        return "\n[output truncated: more than " + limitBytes + " bytes on " + stream + " in this cell]\n";
    }

    /** The part of {@code text} to keep (possibly ending with the marker), or null when nothing is left to keep. */
    String admit(String text) {
        if (truncated) {
            return null;
        }
        if (text.contains("[output truncated: more than ")) {
            // The driver cut the stream itself; it sends nothing more for this stream.
            truncated = true;
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (seenBytes + bytes.length <= limitBytes) {
            seenBytes += bytes.length;
            return text;
        }
        truncated = true;
        int keep = (int) (limitBytes - seenBytes);
        String kept = new String(bytes, 0, keep, StandardCharsets.UTF_8);
        if (!kept.isEmpty() && kept.charAt(kept.length() - 1) == '\uFFFD') {
            kept = kept.substring(0, kept.length() - 1);
        }
        seenBytes = limitBytes;
        return kept + marker(limitBytes, stream);
    }
}
