package io.codingit.sandbox.terminal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;

/**
 * The output of one command as chunks placed by the sandbox's numbering of the command's output bytes (both
 * streams together, from 0: docs/sandbox-protocol.md, "Attach"), bounded: when more than {@code limitChars} are held
 * the oldest chunks are dropped. Positions are the same on every server following the command, so a reader can
 * resume at a position another server gave it; one that asks for output no longer held learns how many bytes it
 * missed. Any number of readers follow it with {@link #next}; the writer never waits for them.
 */
final class CommandOutput {
    /**
     * Output bytes {@code [from, to)} of the command, decoded; {@code to} is the chunk's event id. A chunk never holds
     * part of a character, so a position some server gave as an id is the start of a character in every chunk.
     */
    record Chunk(long from, long to, String stream, String text) {
        /** This chunk from byte {@code position} on (a resume inside a chunk cut differently by another server). */
        Chunk from(long position) {
            if (position <= from) {
                return this;
            }
            int skip = charsIn(text, position - from);
            return new Chunk(position, to, stream, text.substring(skip));
        }

        /** How many chars of {@code text} its first {@code bytes} UTF-8 bytes encode. */
        private static int charsIn(String text, long bytes) {
            long counted = 0;
            int i = 0;
            while (i < text.length() && counted < bytes) {
                int codePoint = text.codePointAt(i);
                counted += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
                i += Character.charCount(codePoint);
            }
            return i;
        }
    }

    /** What a reader gets: chunks ending after where it was, the position after them, the exit code once known. */
    record Batch(List<Chunk> chunks, long end, OptionalInt exitCode) {
    }

    private final long limitChars;
    private final Deque<Chunk> chunks = new ArrayDeque<>();
    private long heldChars;
    private long end;
    private Integer exitCode;
    private String note;

    CommandOutput(long limitChars) {
        this.limitChars = Math.max(1, limitChars);
    }

    /** Bytes {@code [from, to)} of the output, decoded as {@code text}; chunks come in the order of their positions. */
    synchronized void append(long from, long to, String stream, String text) {
        if (to <= end) {
            return; // already held
        }
        // a character carried over from before the other stream's last chunk is placed after that chunk
        chunks.addLast(new Chunk(Math.max(from, end), to, stream, text));
        end = to;
        heldChars += text.length();
        while (heldChars > limitChars && chunks.size() > 1) {
            heldChars -= chunks.removeFirst().text().length();
        }
        notifyAll();
    }

    /** The command ended; {@code note} (or null) is said on stderr before the exit, e.g. that it timed out. */
    synchronized void finish(int code, String note) {
        if (exitCode == null) {
            exitCode = code;
            this.note = note;
            notifyAll();
        }
    }

    /** What the server said about the command's end (not output of the command), or null. */
    synchronized String note() {
        return note;
    }

    synchronized OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /**
     * The chunks that end after {@code position}, waiting up to {@code wait} when there are none yet and the command
     * still runs. The exit code is only set after the last chunk, so a batch that carries it holds all the rest. An
     * empty, unfinished batch means the wait ran out.
     */
    synchronized Batch next(long position, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (position >= end && exitCode == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        List<Chunk> result = new ArrayList<>();
        for (Chunk chunk : chunks) {
            if (chunk.to() > position) {
                result.add(chunk);
            }
        }
        return new Batch(result, Math.max(position, end), exitCode());
    }
}
