package io.codingit.sandbox.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sandboxes this server process holds, by id, and their removal: a sandbox leaves this set and is registered as
 * being removed in one step, so that a second kill of it waits for the first instead of answering while it is half
 * done.
 */
final class LiveSandboxes {
    private static final Logger log = LoggerFactory.getLogger(LiveSandboxes.class);
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(60);

    private final SandboxPreparation preparation;
    private final Map<String, LocalSandbox> live = new ConcurrentHashMap<>();
    /** Sandboxes being removed (processes stopping, mounts, cgroup and directory going), by id. */
    private final Map<String, CompletableFuture<Void>> removals = new ConcurrentHashMap<>();

    /** @param preparation what destroys a removed sandbox's resources */
    LiveSandboxes(SandboxPreparation preparation) {
        this.preparation = preparation;
    }

    /** The sandbox, or null when this process does not hold it (any more). */
    LocalSandbox get(String sandboxId) {
        return live.get(sandboxId);
    }

    boolean contains(String sandboxId) {
        return live.containsKey(sandboxId);
    }

    void add(LocalSandbox sandbox) {
        live.put(sandbox.id(), sandbox);
    }

    /** The sandboxes held now (a live view). */
    Collection<LocalSandbox> all() {
        return Collections.unmodifiableCollection(live.values());
    }

    /** Their ids (a live view). */
    Set<String> ids() {
        return Collections.unmodifiableSet(live.keySet());
    }

    /**
     * Stops the sandbox's processes and destroys its resources, unless another thread is removing it already: then
     * waits for that removal (bounded) and answers false.
     */
    boolean remove(LocalSandbox sandbox) {
        CompletableFuture<Void> removal = new CompletableFuture<>();
        boolean[] mine = {false};
        // taken out of the live set and registered as being removed in one step, so that a kill that finds it gone
        // (the reaper's and a DELETE's can meet) waits for the removal instead of answering while it is half done
        live.computeIfPresent(sandbox.id(), (id, running) -> {
            removals.put(id, removal);
            mine[0] = true;
            return null;
        });
        if (!mine[0]) {
            awaitRemoval(sandbox.id());
            return false;
        }
        try {
            sandbox.stopProcesses();
            preparation.destroy(sandbox.id(), sandbox.directory());
        } finally {
            removals.remove(sandbox.id(), removal);
            removal.complete(null);
        }
        return true;
    }

    /** Waits (bounded) for a removal of this sandbox that another thread is doing, if one is. */
    void awaitRemoval(String sandboxId) {
        CompletableFuture<Void> removal = removals.get(sandboxId);
        if (removal == null) {
            return;
        }
        try {
            removal.get(REMOVAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Sandbox {} is still being removed by another thread after {}", sandboxId, REMOVAL_WAIT);
        }
    }

    /** Lets go of every sandbox, which keeps running (the next start of this instance adopts it). */
    void releaseAll() {
        live.values().forEach(LocalSandbox::release);
        live.clear();
    }

    /** Removes every sandbox. */
    void removeAll() {
        live.values().forEach(this::remove);
    }
}
