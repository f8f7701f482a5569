package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.SandboxFiles;
import io.codingit.sandbox.spi.SandboxProcess;

/**
 * Reaches a sandbox's agent at its pod IP over TCP (docs/sandbox-protocol.md): every operation on a Kubernetes
 * sandbox goes through it.
 */
interface AgentConnector {
    /** The agent at {@code host:port}, authenticated with the sandbox's secret (32 bytes). */
    AgentSession connect(String sandboxId, String host, int port, byte[] secret);

    /** One agent's operations, as the SPI's {@link io.codingit.sandbox.spi.Sandbox} needs them. */
    interface AgentSession {
        /** Whether the agent answers its health route now. */
        boolean healthy();

        CommandResult run(Command command);

        SandboxProcess start(Command command);

        SandboxFiles files();
    }
}
