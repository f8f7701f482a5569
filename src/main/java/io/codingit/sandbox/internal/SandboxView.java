package io.codingit.sandbox.internal;

import io.codingit.sandbox.spi.Sandbox;

import java.time.Instant;

/**
 * A sandbox as the API shows it, from its registry row: {@code state} is {@code running} or {@code paused};
 * {@code diskBytes} is what a paused sandbox's saved home holds on the server's disk (0 while running: a running
 * home lives in memory); {@code expiresAt} is when a running sandbox's time is up, and when a paused one is deleted;
 * {@code pauseReason} says why a paused one was paused (by its owner, its time ran out, a server start-up that could
 * not adopt it, and whether it was kept over its owner's pause quota).
 */
record SandboxView(String sbxId, String template, String state, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                   long timeoutMs, long diskBytes, Instant pausedAt, String pauseReason) {
    static SandboxView of(Sandbox s) {
        SandboxRegistry.Entry entry = s instanceof RegisteredSandbox registered ? registered.entry() : null;
        boolean paused = entry != null && entry.state() == SandboxState.PAUSED;
        return new SandboxView(s.id(), s.templateId(), entry == null ? SandboxState.RUNNING.column() : entry.state().column(),
                s.createdAt(), entry == null ? null : entry.lastUsedAt(), s.expiresAt(),
                Math.max(0, s.expiresAt().toEpochMilli() - System.currentTimeMillis()),
                paused && entry.homeBytes() != null ? entry.homeBytes() : 0, paused ? entry.pausedAt() : null,
                paused ? entry.stateReason() : null);
    }
}
