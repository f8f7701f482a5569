package io.codingit.sandbox.egress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection of a sandbox through the proxy, a tunnel or a plain-HTTP exchange: charges its bytes and,
 * once closed, its time to the sandbox's account, logs it, and is cut when the sandbox's budget is spent
 * (by the bytes it charges, or by the {@link BudgetClock} it is held on while open).
 */
final class ProxiedConnection {
    // logged as the proxy: operators set its level and read its lines under one name
    private static final Logger log = LoggerFactory.getLogger(SandboxEgressProxy.class);

    private final BudgetClock clock;
    private final EgressAccount account;
    private final String destination;
    private final Runnable cut;
    private final long opened = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<String> cutFor = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param cut closes the connection's ends; run once, when the budget is spent */
    ProxiedConnection(BudgetClock clock, EgressAccount account, String destination, Runnable cut) {
        this.clock = clock;
        this.account = account;
        this.destination = destination;
        this.cut = cut;
        clock.opened(this);
    }

    /**
     * Charges {@code count} bytes. When that spends the budget the connection is cut, and the reason returned
     * (once); else null. Bytes after the cut are not charged: they reach nobody.
     */
    String charge(long count) {
        if (cutFor.get() != null) {
            return null;
        }
        account.chargeBytes(count);
        bytes.addAndGet(count);
        return cutIfOverBudget();
    }

    /** Cuts the connection if the sandbox's budget is spent, counting its own open time; returns why (once). */
    String cutIfOverBudget() {
        String overBudget = account.overBudget(System.nanoTime() - opened);
        if (overBudget == null || !cutFor.compareAndSet(null, overBudget)) {
            return null;
        }
        log.info("egress sandbox={} destination={} closed: {}", account.sandboxId(), destination, overBudget);
        // its time ends here, even if the far end takes a while to notice; charged before the cut, so that
        // the sandbox's next connection, which may come as soon as this one drops, finds the budget spent
        closed();
        cut.run();
        return overBudget;
    }

    /** Charges the connection's time and logs it; only the first call counts. */
    void closed() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        clock.closed(this);
        long openNanos = System.nanoTime() - opened;
        account.chargeClosedConnection(openNanos);
        log.info("egress sandbox={} destination={} bytes={} duration_ms={}", account.sandboxId(), destination,
                bytes.get(), openNanos / 1_000_000);
    }
}
