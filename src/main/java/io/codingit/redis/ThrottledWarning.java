package io.codingit.redis;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A warning that is logged at most once per interval, so that an outage does not flood the log. */
final class ThrottledWarning {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowedNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    void warn(String message, Throwable cause) {
        long now = System.nanoTime();
        long next = nextAllowedNanos.get();
        if (now - next >= 0 && nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            // The cause's message only: Lettuce messages name host and port, never the password.
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            log.warn("{} ({}: {}{}){}", message, cause.getClass().getSimpleName(), cause.getMessage(),
                    root == cause ? "" : "; cause " + root.getClass().getSimpleName() + ": " + root.getMessage(),
                    skipped > 0 ? "; " + skipped + " similar failures since the last warning" : "");
        } else {
            suppressed.incrementAndGet();
        }
    }
}
