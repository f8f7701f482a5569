package io.codingit.preview.internal;

import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;

/**
 * A web app running in a sandbox, its relay on the host's loopback and the secret its URL carries. {@code app} is
 * null for a preview another server started (adopted here): this server relays to it but does not own the app.
 */
record Preview(Sandbox sandbox, int port, String secret, SandboxProcess app, PortRelay relay) {
    void stop() {
        release();
        if (app != null) {
            app.destroy();
        }
    }

    /**
     * Lets go of the preview without stopping its app: a stopping server leaves its sandboxes running (they are
     * adopted at its next start), and the app in one is served again by its URL, by any server, from the agent's
     * tag.
     */
    void release() {
        relay.close();
    }
}
