package io.codingit.sandbox.egress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cuts connections whose sandbox's time budget ran out while they were quiet: bytes arriving check the
 * budget too, but a connection that stays silent (a stalled registry, a tunnel held open) must not outlive it.
 * Holds every connection open through the proxy, and runs from construction until {@link #close()}.
 */
final class BudgetClock implements AutoCloseable {
    // logged as the proxy: operators set its level and read its lines under one name
    private static final Logger log = LoggerFactory.getLogger(SandboxEgressProxy.class);

    private final Set<ProxiedConnection> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticks;

    BudgetClock(Duration timeBudget) {
        this.ticks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("sandbox-egress-budget").factory());
        long tick = tick(timeBudget).toMillis();
        ticks.scheduleWithFixedDelay(this::cutConnectionsOverBudget, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** How often open connections are held against their time budget: a tenth of it, from 100 ms to 1 s. */
    static Duration tick(Duration timeBudget) {
        Duration tenth = timeBudget.dividedBy(10);
        return tenth.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100)
                : tenth.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : tenth;
    }

    void opened(ProxiedConnection connection) {
        open.add(connection);
    }

    void closed(ProxiedConnection connection) {
        open.remove(connection);
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }

    private void cutConnectionsOverBudget() {
        for (ProxiedConnection connection : open) {
            try {
                connection.cutIfOverBudget();
            } catch (RuntimeException e) {
                log.warn("cutting a registry connection over its sandbox's budget failed", e);
            }
        }
    }
}
