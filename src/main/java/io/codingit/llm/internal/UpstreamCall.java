package io.codingit.llm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One request to a provider, run on its own virtual thread, and the way to cancel exactly that
 * request although the JDK HTTP client under it is shared: {@link #cancel()} interrupts the thread
 * (which cancels a {@code HttpClient.send} still waiting for the response head and closes its
 * connection) and closes the streamed body (which cancels the body subscription: the JDK client then
 * closes that connection instead of returning it to the pool). Safe to call at any time, more than once.
 */
final class UpstreamCall {
    private final ReentrantLock lock = new ReentrantLock();
    private Thread thread;
    private InputStream body;
    private boolean cancelled;

    /** Runs {@code work} on a new virtual thread, unless the call was cancelled before. */
    void start(Runnable work) {
        lock.lock();
        try {
            if (!cancelled) {
                thread = Thread.ofVirtual().name("llm-upstream").start(work);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Registers the response body so that {@link #cancel()} can close it; closes it at once if already cancelled. */
    InputStream attach(InputStream responseBody) throws IOException {
        lock.lock();
        try {
            if (!cancelled) {
                body = responseBody;
                return responseBody;
            }
        } finally {
            lock.unlock();
        }
        responseBody.close();
        throw new IOException("the request was cancelled");
    }

    boolean cancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    void cancel() {
        Thread running;
        InputStream open;
        lock.lock();
        try {
            if (cancelled) {
                return;
            }
            cancelled = true;
            running = thread;
            open = body;
        } finally {
            lock.unlock();
        }
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing is all we wanted; the connection is dropped either way
            }
        }
        if (running != null && running != Thread.currentThread()) {
            running.interrupt();
        }
    }
}
