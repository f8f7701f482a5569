package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.spi.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of the sandbox an interpreter runs in, asked once the driver's connection ended: it decides whether the
 * cell's error blames the interpreter, a kill, or the sandbox's own end (docs/interpreter.md).
 */
public enum SandboxFate {
    /** It still runs: the interpreter died alone (out of memory at the namespaces level, {@code os._exit}, a crash). */
    RUNNING,
    /** Ended on request: its owner's DELETE, its expiry, a pause, a kill with a reason. */
    ENDED_ON_REQUEST,
    /** Ended while nobody asked: at the gvisor level all its memory is one process's, so most likely out of memory. */
    ENDED_BY_ITSELF;

    private static final Logger log = LoggerFactory.getLogger(SandboxFate.class);

    /**
     * The request is asked first and whether it lives second: a requested end is recorded before it stops any
     * process, so a sandbox killed on request is never taken for one that ended by itself, however late this runs.
     */
    static SandboxFate of(Sandbox sandbox) {
        boolean onRequest;
        try {
            onRequest = sandbox.endedOnRequest();
        } catch (RuntimeException e) {
            // the registry cannot be asked now: a dead sandbox is reported as killed, as before the registry was asked
            log.warn("Sandbox {}: whether it was ended on request could not be read: {}", sandbox.id(), e.toString());
            onRequest = !sandbox.isAlive();
        }
        if (onRequest) {
            return ENDED_ON_REQUEST;
        }
        return sandbox.isAlive() ? RUNNING : ENDED_BY_ITSELF;
    }
}
