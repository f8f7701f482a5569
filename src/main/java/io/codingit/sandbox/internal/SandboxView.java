package io.codingit.sandbox.internal;

import io.codingit.sandbox.spi.Sandbox;

import java.time.Instant;

/** A sandbox as the API shows it. */
record SandboxView(String sbxId, String template, Instant createdAt, Instant expiresAt, long timeoutMs) {
    static SandboxView of(Sandbox s) {
        return new SandboxView(s.id(), s.templateId(), s.createdAt(), s.expiresAt(),
                Math.max(0, s.expiresAt().toEpochMilli() - System.currentTimeMillis()));
    }
}
