package io.codingit.sandbox.agent;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * One output stream of an agent process as an {@link InputStream}: chunks arrive from the WebSocket, the
 * caller reads them. {@code onRead} learns how many bytes were consumed, so the process can resume reading
 * the socket once the caller has caught up (flow control instead of an unbounded buffer). Each chunk keeps the
 * agent's number of its first byte, so that the chunks of both streams can be handed over in the agent's order
 * ({@link #drain}).
 */
final class StreamBuffer extends InputStream {
    /** Bytes the agent numbered from {@code offset}. */
    record Chunk(byte[] data, long offset) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final LongConsumer onRead;
    private int position;
    private boolean ended;
    private long nextOffset;

    StreamBuffer(LongConsumer onRead) {
        this.onRead = onRead;
    }

    /** A chunk that follows on from the previous one (output numbered by this buffer alone, e.g. a driver's lines). */
    void add(byte[] chunk) {
        lock.lock();
        try {
            add(chunk, nextOffset);
        } finally {
            lock.unlock();
        }
    }

    /** A chunk whose first byte the agent numbered {@code offset}. */
    void add(byte[] chunk, long offset) {
        lock.lock();
        try {
            if (!ended && chunk.length > 0) {
                chunks.add(new Chunk(chunk, offset));
                nextOffset = offset + chunk.length;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n;
        lock.lock();
        try {
            while (chunks.isEmpty() && !ended) {
                changed.awaitUninterruptibly();
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            byte[] head = chunks.peek().data();
            n = Math.min(len, head.length - position);
            System.arraycopy(head, position, b, off, n);
            position += n;
            if (position == head.length) {
                chunks.poll();
                position = 0;
            }
        } finally {
            lock.unlock();
        }
        onRead.accept(n);
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return chunks.isEmpty() ? 0 : chunks.peek().data().length - position;
        } finally {
            lock.unlock();
        }
    }

    /** Takes every unread chunk out (the part of one being read that is left), oldest first; reads then find nothing. */
    List<Chunk> drain() {
        lock.lock();
        try {
            List<Chunk> unread = new ArrayList<>();
            for (Chunk c : chunks) {
                unread.add(position == 0 ? c : new Chunk(java.util.Arrays.copyOfRange(c.data(), position, c.data().length),
                        c.offset() + position));
                position = 0;
            }
            chunks.clear();
            return unread;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            long dropped = 0;
            for (Chunk c : chunks) {
                dropped += c.data().length;
            }
            dropped -= position;
            chunks.clear();
            position = 0;
            ended = true;
            changed.signalAll();
            if (dropped > 0) {
                onRead.accept(dropped);
            }
        } finally {
            lock.unlock();
        }
    }
}
