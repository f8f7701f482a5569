package io.codingit.sandbox.egress;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one sandbox has spent through the egress proxy: bytes in both directions, and the time its
 * connections stayed open (summed). When either budget is spent, new connections are refused and open
 * ones are cut: by bytes as they pass, by time on the proxy's budget clock (so a quiet connection too).
 */
final class EgressAccount {
    private final String sandboxId;
    private final long byteBudget;
    private final long timeBudgetNanos;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong closedConnectionNanos = new AtomicLong();

    EgressAccount(String sandboxId, long byteBudget, Duration timeBudget) {
        this.sandboxId = sandboxId;
        this.byteBudget = byteBudget;
        this.timeBudgetNanos = timeBudget.toNanos();
    }

    String sandboxId() {
        return sandboxId;
    }

    void chargeBytes(long count) {
        bytes.addAndGet(count);
    }

    void chargeClosedConnection(long openNanos) {
        closedConnectionNanos.addAndGet(openNanos);
    }

    long bytes() {
        return bytes.get();
    }

    /** Null while within budget, else why not, counting {@code openNanos} of a connection still open. */
    String overBudget(long openNanos) {
        if (bytes.get() >= byteBudget) {
            return "the sandbox's download budget of " + byteBudget + " bytes through the registry proxy is spent";
        }
        if (closedConnectionNanos.get() + openNanos >= timeBudgetNanos) {
            return "the sandbox's time budget of " + Duration.ofNanos(timeBudgetNanos).toSeconds()
                    + " s on registry connections is spent";
        }
        return null;
    }
}
