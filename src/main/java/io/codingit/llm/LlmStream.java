package io.codingit.llm;

/**
 * A running generation. {@link #next()} blocks (cheaply, on a virtual thread) until the provider
 * sends more, finishes, fails or stays silent past the first-token or idle timeout, which ends the
 * stream with a failure. {@link #close()} cancels the upstream request and closes its connection;
 * it is safe to call at any time and more than once.
 */
public interface LlmStream extends AutoCloseable {
    LlmEvent next() throws InterruptedException;

    @Override
    void close();
}
