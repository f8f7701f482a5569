package io.codingit.common;

/**
 * Threads for loops that block reading a child process's pipe (a sandbox command's output, the
 * interpreter driver, a PTY, a preview relay). They must not be virtual threads: a read on a pipe pins
 * its carrier, and the virtual-thread scheduler compensates only up to its maximum pool size (256), so
 * a few hundred idle sandboxes' readers would leave no carrier for request handling and the server
 * would stop answering (measured: 300 such readers on this JDK and a new virtual thread never ran).
 * Daemon platform threads cost a little memory each and never starve the scheduler.
 */
public final class PipeReaders {
    private PipeReaders() {
    }

    /** Starts {@code loop} on a new daemon platform thread named {@code name}. */
    public static Thread start(String name, Runnable loop) {
        return Thread.ofPlatform().daemon().name(name).start(loop);
    }
}
