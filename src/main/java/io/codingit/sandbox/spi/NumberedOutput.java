package io.codingit.sandbox.spi;

/**
 * A {@link SandboxProcess} whose output bytes the sandbox numbers: both streams of a command together, in the order
 * the sandbox read them, from 0 (docs/sandbox-protocol.md, "Attach"). Every server attached to the command sees the
 * same number for the same byte, so a number is a place to resume from through any server.
 */
public interface NumberedOutput {
    /** Takes the process's output chunks in the sandbox's order; called on the process's own reading thread. */
    @FunctionalInterface
    interface Receiver {
        /**
         * Bytes numbered {@code offset} to {@code offset + bytes.length - 1}. A jump from the end of the previous
         * chunk means that the sandbox dropped output before this server got it.
         */
        void output(boolean stderr, long offset, byte[] bytes);
    }

    /**
     * Hands every output chunk to {@code receiver}, in the sandbox's order, instead of to {@link SandboxProcess#stdout()}
     * and {@link SandboxProcess#stderr()} (which then stay empty): what arrived before the call first, then the rest as
     * it arrives. Called at most once; the process's exit is known only after its last chunk was handed over.
     */
    void receive(Receiver receiver);
}
