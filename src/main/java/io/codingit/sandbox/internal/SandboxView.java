package io.codingit.sandbox.internal;

import io.codingit.sandbox.spi.Sandbox;

import java.time.Instant;

/**
 * A sandbox as the API shows it: with its registry state ({@code running}; {@code paused} once pause and resume
 * exist) and when it was last used, for handles that come from the registry.
 */
record SandboxView(String sbxId, String template, String state, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                   long timeoutMs) {
    static SandboxView of(Sandbox s) {
        SandboxRegistry.Entry entry = s instanceof RegisteredSandbox registered ? registered.entry() : null;
        return new SandboxView(s.id(), s.templateId(), entry == null ? SandboxState.RUNNING.column() : entry.state().column(),
                s.createdAt(), entry == null ? null : entry.lastUsedAt(), s.expiresAt(),
                Math.max(0, s.expiresAt().toEpochMilli() - System.currentTimeMillis()));
    }
}
