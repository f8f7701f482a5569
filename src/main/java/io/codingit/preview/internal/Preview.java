package io.codingit.preview.internal;

import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;

/** A web app running in a sandbox, its relay on the host's loopback and the secret its URL carries. */
record Preview(Sandbox sandbox, int port, String secret, SandboxProcess app, PortRelay relay) {
    void stop() {
        relay.close();
        app.destroy();
    }
}
