package io.codingit.sandbox.agent;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * One output stream of an agent process as an {@link InputStream}: chunks arrive from the WebSocket, the
 * caller reads them. {@code onRead} learns how many bytes were consumed, so the process can resume reading
 * the socket once the caller has caught up (flow control instead of an unbounded buffer).
 */
final class StreamBuffer extends InputStream {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final LongConsumer onRead;
    private int position;
    private boolean ended;

    StreamBuffer(LongConsumer onRead) {
        this.onRead = onRead;
    }

    void add(byte[] chunk) {
        lock.lock();
        try {
            if (!ended && chunk.length > 0) {
                chunks.add(chunk);
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
            byte[] head = chunks.peek();
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
            return chunks.isEmpty() ? 0 : chunks.peek().length - position;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            long dropped = 0;
            for (byte[] c : chunks) {
                dropped += c.length;
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
