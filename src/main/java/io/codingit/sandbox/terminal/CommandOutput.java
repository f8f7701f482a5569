package io.codingit.sandbox.terminal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;

/**
 * The output of one command as numbered chunks, bounded: when more than {@code limitChars} are held the
 * oldest chunks are dropped, so a reader that falls behind (or replays late) learns how many it missed.
 * Any number of readers follow it with {@link #next}; the writer never waits for them.
 */
final class CommandOutput {
    /** One chunk of output; {@code seq} counts from 1 over the command's whole life. */
    record Chunk(long seq, String stream, String text) {
    }

    /** What a reader gets: chunks from where it was, how many it missed, and the exit code once known. */
    record Batch(List<Chunk> chunks, long missed, long nextSeq, OptionalInt exitCode) {
    }

    private final long limitChars;
    private final Deque<Chunk> chunks = new ArrayDeque<>();
    private long heldChars;
    private long nextSeq = 1;
    private Integer exitCode;

    CommandOutput(long limitChars) {
        this.limitChars = Math.max(1, limitChars);
    }

    synchronized void append(String stream, String text) {
        chunks.addLast(new Chunk(nextSeq++, stream, text));
        heldChars += text.length();
        while (heldChars > limitChars && chunks.size() > 1) {
            heldChars -= chunks.removeFirst().text().length();
        }
        notifyAll();
    }

    synchronized void finish(int code) {
        if (exitCode == null) {
            exitCode = code;
            notifyAll();
        }
    }

    synchronized OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /**
     * The exit code is only set after the last chunk, so a batch that carries it holds all the rest.
     * Chunks numbered {@code fromSeq} and later, waiting up to {@code wait} when there are none yet and the
     * command still runs. An empty, unfinished batch means the wait ran out.
     */
    synchronized Batch next(long fromSeq, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (fromSeq >= nextSeq && exitCode == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        List<Chunk> result = new ArrayList<>();
        long oldest = chunks.isEmpty() ? nextSeq : chunks.peekFirst().seq();
        long missed = Math.max(0, oldest - fromSeq);
        for (Chunk chunk : chunks) {
            if (chunk.seq() >= fromSeq) {
                result.add(chunk);
            }
        }
        return new Batch(result, missed, nextSeq, exitCode());
    }
}
