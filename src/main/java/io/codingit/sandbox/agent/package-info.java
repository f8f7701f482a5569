/**
 * The client of the sandbox agent (docs/sandbox-protocol.md): every provider whose sandboxes run the agent
 * (local bubblewrap over a unix socket, Kubernetes pods over TCP) implements the SPI's {@code Sandbox}
 * operations with {@link io.codingit.sandbox.agent.AgentClient}. Private to the sandbox feature: providers
 * live in its sub-packages.
 */
package io.codingit.sandbox.agent;
