package io.codingit.sandbox;

import io.codingit.sandbox.spi.Sandbox;

/**
 * The interpreters of live sandboxes: one per sandbox, started on first use. An interpreter dies with its
 * sandbox (its process runs inside it) and is forgotten once the sandbox is no longer alive.
 */
public interface CodeInterpreters {
    /** The sandbox's interpreter; its process starts with the first cell. */
    CodeInterpreter of(Sandbox sandbox);
}
