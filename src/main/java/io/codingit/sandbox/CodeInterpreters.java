package io.codingit.sandbox;

import io.codingit.sandbox.spi.Sandbox;

/** The interpreters of live sandboxes: one per sandbox, started on first use. */
public interface CodeInterpreters {
    /** The sandbox's interpreter (started lazily by its first cell, or now by {@code warm}). */
    CodeInterpreter of(Sandbox sandbox);

    /** Starts the sandbox's interpreter in the background so that its first cell does not wait for Python to load. */
    void warm(Sandbox sandbox);

    /** Stops and forgets the sandbox's interpreter (call when the sandbox is killed). */
    void release(String sandboxId);
}
