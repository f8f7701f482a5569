package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.WarmPoolDemandProperties;
import io.codingit.sandbox.spi.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The local provider's warm pool: prepared sandboxes per template, warmed up as the template's feature asked, and
 * handed out only while their agent still answers.
 */
final class WarmSandboxes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WarmSandboxes.class);
    /** The owner a warm-up's handle names: nobody's yet. */
    private static final String WARM_OWNER = "";

    private final SandboxProperties properties;
    private final Clock clock;
    /** A new sandbox of the template, or why none can start. */
    private final Function<String, PreparedSandbox> prepare;
    private final SandboxPreparation preparation;
    private final WarmPool<PreparedSandbox> pool;
    /** What the warm pool does with a new sandbox of a template before it waits for an owner, by template id. */
    private final Map<String, Consumer<Sandbox>> warmUps = new ConcurrentHashMap<>();

    /** @param size sandboxes kept per template ({@code codingit.sandbox.warm-pool}); 0 disables the pool */
    WarmSandboxes(SandboxProperties properties, Clock clock, int size, WarmPoolDemandProperties demand,
                  Function<String, PreparedSandbox> prepare, SandboxPreparation preparation) {
        this.properties = properties;
        this.clock = clock;
        this.prepare = prepare;
        this.preparation = preparation;
        this.pool = new WarmPool<>(size, demand.max(), demand.window(), this::prepareWarm, preparation::discard);
    }

    /**
     * A sandbox for the warm pool: prepared, then warmed up as the template's feature asked ({@link #warmUpWith}; the
     * interpreter starts its driver). A warm-up that fails leaves the sandbox as a plain prepared one: whatever was
     * to be started starts on first use, as without a pool, and says there what went wrong.
     */
    private PreparedSandbox prepareWarm(String templateId) {
        PreparedSandbox prepared = prepare.apply(templateId);
        Consumer<Sandbox> warmUp = warmUps.get(templateId);
        if (warmUp != null) {
            Instant now = clock.instant();
            try {
                warmUp.accept(new LocalSandbox(prepared.id(), WARM_OWNER, templateId, clock, now, now, prepared.directory(),
                        prepared.holder(), prepared.agent(), prepared.address(), properties.commandTimeout(),
                        properties.outputLimit().toBytes(), unused -> false));
            } catch (RuntimeException e) {
                log.warn("Warming up a {} sandbox failed; it starts on first use instead: {}", templateId, e.getMessage());
            }
        }
        return prepared;
    }

    void warmUpWith(String templateId, Consumer<Sandbox> warmUp) {
        warmUps.put(templateId, warmUp);
    }

    /**
     * A waiting sandbox of the template whose agent still answers. One can die while it waits (its agent or
     * bubblewrap ended by the host, e.g. under memory pressure), and would then reach its owner as gone on first
     * use: such a one is discarded and the next one asked, at the cost of one health call per claim. Not the cheaper
     * socket check of {@link io.codingit.sandbox.agent.AgentClient#stillAnswers}: a clean-clone CI run handed out a
     * sandbox whose agent had just been killed although its socket still accepted a connection (the dying agent's
     * threads had not all exited), so only an answer proves the agent alive.
     */
    Optional<PreparedSandbox> claim(String templateId) {
        Optional<PreparedSandbox> taken;
        while ((taken = pool.take(templateId)).isPresent()) {
            PreparedSandbox prepared = taken.get();
            if (prepared.holder().isAlive() && prepared.agent().answers()) {
                return taken;
            }
            log.warn("Warm pool sandbox {} of {} stopped while it waited; discarded", prepared.id(), templateId);
            preparation.discard(prepared);
        }
        return Optional.empty();
    }

    /** Starts refilling the template's pool in the background after a hand-over. */
    void refill(String templateId) {
        pool.refill(templateId);
    }

    /** Discards the template's waiting sandboxes (they were warmed over a home that is no longer the template's). */
    void drain(String templateId) {
        pool.drain(templateId);
    }

    /** Sandboxes of the template waiting now. */
    int size(String templateId) {
        return pool.size(templateId);
    }

    @Override
    public void close() {
        pool.close();
    }
}
