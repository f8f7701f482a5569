package io.codingit.preview.internal;

/**
 * The preview of a paused sandbox: its URL (port and secret) is kept so that a request to it wakes the sandbox up.
 * {@code failure} is set when the app did not start again after the resume (the waking page then says why and stops
 * reloading).
 */
final class SleepingPreview {
    enum Phase { SLEEPING, WAKING, FAILED }

    private final String sandboxId;
    private final String ownerId;
    private final int port;
    private final String secret;
    private volatile Phase phase = Phase.SLEEPING;
    private volatile String failure;

    SleepingPreview(String sandboxId, String ownerId, int port, String secret) {
        this.sandboxId = sandboxId;
        this.ownerId = ownerId;
        this.port = port;
        this.secret = secret;
    }

    String sandboxId() {
        return sandboxId;
    }

    String ownerId() {
        return ownerId;
    }

    int port() {
        return port;
    }

    String secret() {
        return secret;
    }

    Phase phase() {
        return phase;
    }

    String failure() {
        return failure;
    }

    /** @return whether this call started the wake (only the first does) */
    synchronized boolean startWaking() {
        if (phase == Phase.WAKING) {
            return false;
        }
        phase = Phase.WAKING;
        failure = null;
        return true;
    }

    void failed(String why) {
        failure = why;
        phase = Phase.FAILED;
    }
}
