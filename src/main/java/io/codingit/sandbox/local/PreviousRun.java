package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.agent.AgentClient;
import io.codingit.sandbox.agent.AgentEndpoint;
import io.codingit.sandbox.agent.AgentSecret;
import io.codingit.sandbox.agent.AgentTransport;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The sandboxes a previous run of this instance left (found at start in the instance directory and the cgroups)
 * that are neither adopted nor destroyed yet, and how one of them is taken back or removed.
 */
final class PreviousRun {
    private static final Logger log = LoggerFactory.getLogger(PreviousRun.class);

    private final SandboxProperties properties;
    private final Clock clock;
    private final Path instanceDir;
    /** Null unless {@code egress: registries}. */
    private final RegistryEgress registryEgress;
    private final AgentTransport agentTransport;
    private final SandboxPreparation preparation;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    PreviousRun(SandboxProperties properties, Clock clock, Path instanceDir, RegistryEgress registryEgress,
                AgentTransport agentTransport, SandboxPreparation preparation) {
        this.properties = properties;
        this.clock = clock;
        this.instanceDir = instanceDir;
        this.registryEgress = registryEgress;
        this.agentTransport = agentTransport;
        this.preparation = preparation;
    }

    /**
     * Notes what a previous run of this instance left (directories and cgroups): the registry's reconciliation
     * adopts what it knows and has the provider destroy the rest.
     */
    void note(Cgroups cgroups) {
        List<String> found = new ArrayList<>();
        try (var dirs = Files.list(instanceDir)) {
            dirs.map(p -> p.getFileName().toString()).filter(n -> RuntimeDirectory.SANDBOX_ID.matcher(n).matches()).forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : cgroups.existing()) {
            if (!found.contains(name)) {
                found.add(name);
            }
        }
        ids.addAll(found);
        if (!found.isEmpty()) {
            log.info("Found {} sandbox(es) of a previous run of this server: adopted if the registry knows them, "
                    + "else removed", found.size());
        }
    }

    /** The ids of the sandboxes still left (a live view). */
    Set<String> ids() {
        return Collections.unmodifiableSet(ids);
    }

    /**
     * A handle on a sandbox of this instance that no handle of this process holds: its directory must still be
     * there, its bubblewrap still run (the pid and start time it recorded) and its agent answer with the registry's
     * secret; the registry egress socket, which the server itself serves, is opened again. It stays one of those
     * left until {@link #adopted}.
     *
     * @param killer what the handle's kill does (the provider's removal)
     * @throws SandboxGoneException when it cannot be kept, saying why
     */
    LocalSandbox adopt(SandboxRecord record, AgentEndpoint.Unix socket, Function<LocalSandbox, Boolean> killer) {
        String id = record.id();
        Path dir = instanceDir.resolve(id);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new SandboxGoneException(id, "its files were removed while no server held it");
        }
        Optional<Holder> holder = Holder.adopt(dir);
        if (holder.isEmpty()) {
            throw new SandboxGoneException(id, "its processes stopped while no server held it");
        }
        AgentClient agent = new AgentClient(socket, AgentSecret.fromHex(record.agent().secret()), agentTransport,
                () -> new SandboxGoneException(id, "its agent stopped answering"));
        if (!agent.answers()) {
            agent.close();
            throw new SandboxGoneException(id, "its agent did not answer with its registry secret");
        }
        if (registryEgress != null) {
            try {
                Files.deleteIfExists(dir.resolve("egress").resolve(RegistryEgress.SOCKET_NAME));
                registryEgress.open(id, dir);
            } catch (IOException | RuntimeException e) {
                log.warn("Sandbox {}: its registry egress could not be opened again: {}", id, e.toString());
            }
        }
        LocalSandbox sandbox = new LocalSandbox(id, record.ownerId(), record.templateId(), clock, record.createdAt(),
                record.expiresAt(), dir, holder.get(), agent, record.agent(), properties.commandTimeout(),
                properties.outputLimit().toBytes(), killer);
        return sandbox;
    }

    /** The sandbox is the server's own again (its handle is live), no longer one of those left. */
    void adopted(String id) {
        ids.remove(id);
    }

    /** Kills and removes the sandbox if a previous run left it and it is still left; false when it is not one of those. */
    boolean remove(String id) {
        return ids.remove(id) && removeLeftOver(id);
    }

    /** Kills and removes one sandbox a previous run left: processes, mounts, cgroups, namespace, directory. */
    private boolean removeLeftOver(String id) {
        Path dir = instanceDir.resolve(id);
        Holder.adopt(dir).ifPresent(Holder::destroy);
        preparation.destroy(id, dir);
        log.info("Removed sandbox {} left by a previous run", id);
        return true;
    }
}
