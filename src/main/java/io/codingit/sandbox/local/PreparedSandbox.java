package io.codingit.sandbox.local;

import io.codingit.sandbox.agent.AgentClient;
import io.codingit.sandbox.spi.AgentAddress;

import java.nio.file.Path;

/** A started sandbox that belongs to nobody yet ({@link SandboxPreparation}). */
record PreparedSandbox(String id, Path directory, Holder holder, AgentClient agent, AgentAddress address) {
}
