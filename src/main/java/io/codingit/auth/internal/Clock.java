package io.codingit.auth.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Timestamps as both databases store them: UTC, microsecond precision (PostgreSQL's). */
final class Clock {
    private Clock() {
    }

    static OffsetDateTime now() {
        return of(Instant.now());
    }

    static OffsetDateTime of(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
