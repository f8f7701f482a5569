package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.WarmPoolDemandProperties;
import io.codingit.sandbox.egress.SandboxEgressProxy;
import io.codingit.sandbox.egress.SandboxEnvironment;
import io.codingit.sandbox.spi.ProviderStatus;
import io.codingit.sandbox.spi.SandboxGoneException;
import io.codingit.sandbox.spi.SandboxRecord;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.codingit.sandbox.agent.AgentEndpoint;
import io.codingit.sandbox.agent.AgentTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Sandboxes on this machine with bubblewrap. Each sandbox owns a directory
 * {@code <runtimeDir>/<instance>/<sandboxId>} (its home mount), a cgroup per controller and, with
 * internet egress, a network namespace. Sandboxes are started detached and outlive the server process:
 * at start, the sandboxes a previous run of this instance left are only noted ({@link #runningIds}); the
 * registry's reconciliation then adopts those it knows ({@link #attach}: their agent still answers with
 * the registry's secret) and destroys the rest ({@link #kill}).
 *
 * <p>This class checks the requests and coordinates: {@link HostProbe} finds what the host offers at start,
 * {@link SandboxPreparation} starts and destroys a sandbox's resources, {@link WarmSandboxes} keeps the warm pool,
 * {@link LiveSandboxes} this process's sandboxes and their removal, {@link PreviousRun} the sandboxes a previous run
 * left, {@link AttachedSandboxes} the handles on other server processes' sandboxes, {@link HomeSaver} pause's saves.
 */
public final class LocalSandboxProvider implements SandboxProvider, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalSandboxProvider.class);
    private static final Pattern TEMPLATE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final SandboxProperties properties;
    private final Clock clock;
    private final Path instanceDir;
    /** Whether {@link #close} leaves the sandboxes running for the next start to adopt (else it kills them). */
    private final boolean keepOnShutdown;
    /** What this host offers: the status, the launchers, cgroups, home layer, network and registry egress. */
    private final SandboxHost host;
    private final AgentTransport agentTransport = new AgentTransport();
    private final SandboxPreparation preparation;
    private final WarmSandboxes warmPool;
    private final HomeSaver homeSaver;
    private final SandboxTraces traces;
    private final LiveSandboxes live;
    private final PreviousRun previousRun;
    private final AttachedSandboxes attached;

    public LocalSandboxProvider(SandboxProperties properties, Path dataDir, Clock clock) {
        this(properties, dataDir, clock, new SandboxEnvironment(properties.egress(), null), null);
    }

    /** A provider whose {@link #close} kills its sandboxes (tests and benchmarks that build one themselves). */
    public LocalSandboxProvider(SandboxProperties properties, Path dataDir, Clock clock, SandboxEnvironment environment,
                                SandboxEgressProxy egressProxy) {
        this(properties, dataDir, clock, environment, egressProxy, false);
    }

    /**
     * @param environment the fixed environment of every command (SandboxEnvironment)
     * @param egressProxy the registry proxy, required with {@code egress: registries} (else unused)
     * @param keepOnShutdown whether {@link #close} leaves the sandboxes running for the next start to adopt
     *                       ({@code codingit.sandbox.registry.keep-on-shutdown}); false: it kills them
     */
    public LocalSandboxProvider(SandboxProperties properties, Path dataDir, Clock clock, SandboxEnvironment environment,
                                SandboxEgressProxy egressProxy, boolean keepOnShutdown) {
        this(properties, dataDir, clock, environment, egressProxy, keepOnShutdown, WarmPoolDemandProperties.fixed());
    }

    /** @param warmPoolDemand how far the warm pool grows with demand ({@code codingit.sandbox.warm-pool-demand.*}) */
    public LocalSandboxProvider(SandboxProperties properties, Path dataDir, Clock clock, SandboxEnvironment environment,
                                SandboxEgressProxy egressProxy, boolean keepOnShutdown, WarmPoolDemandProperties warmPoolDemand) {
        this.properties = properties;
        this.keepOnShutdown = keepOnShutdown;
        this.clock = clock;
        Path stateDir = dataDir.toAbsolutePath().normalize().resolve("sandbox");
        Path templatesDir = stateDir.resolve("templates");
        String instance = RuntimeDirectory.instanceId(stateDir);
        Path runtimeRoot = properties.runtimeDir().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "codingit-sandboxes") : Path.of(properties.runtimeDir());
        this.instanceDir = runtimeRoot.toAbsolutePath().normalize().resolve(instance);
        this.host = new HostProbe(properties, environment, egressProxy, warmPoolDemand).probe(stateDir, instanceDir, instance);
        this.preparation = new SandboxPreparation(properties, instanceDir, templatesDir, host, agentTransport);
        this.live = new LiveSandboxes(preparation);
        this.attached = new AttachedSandboxes(properties, agentTransport);
        this.homeSaver = new HomeSaver(host.cgroups(), host.homeLayer());
        this.traces = new SandboxTraces(instanceDir, host.cgroups());
        this.previousRun = new PreviousRun(properties, clock, instanceDir, host.registryEgress(), agentTransport, preparation);
        if (status().available()) {
            previousRun.note(host.cgroups());
        }
        this.warmPool = new WarmSandboxes(properties, clock, status().available() ? properties.warmPool() : 0, warmPoolDemand,
                templateId -> prepare(templateId, List.of()), preparation);
        logWhatIsMissing();
    }

    /** Once at start, after the previous run is noted: what cannot run here, and the limits not enforced. */
    private void logWhatIsMissing() {
        ProviderStatus status = status();
        if (!status.available()) {
            log.warn("Sandboxes are unavailable: {}", status.unavailableReason());
        }
        host.levelProblems().forEach((level, problem) -> {
            if (status.available()) {
                log.warn("Sandboxes of isolation level {} are unavailable: {}", level, problem);
            }
        });
        status.unappliedLimits().forEach(limit -> log.warn("Sandbox limit not applied on this host: {}", limit));
    }

    /** The template's launcher, or why its level cannot run here. */
    private SandboxLauncher launcherFor(String templateId) {
        String reason = unavailableReason(templateId);
        if (reason != null) {
            throw new SandboxUnavailableException(reason);
        }
        return host.launchers().get(properties.isolation().levelOf(templateId));
    }

    @Override
    public String unavailableReason(String templateId) {
        if (!status().available()) {
            return status().unavailableReason();
        }
        String level = properties.isolation().levelOf(templateId);
        String problem = host.levelProblems().get(level);
        return problem == null ? null : "template " + templateId + " runs at isolation level '"
                + level.replaceAll("[^A-Za-z0-9_.-]", "?") + "' (" + properties.isolation().keyOf(templateId)
                + "), which this server cannot offer: " + problem;
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        if (!TEMPLATE_ID.matcher(spec.templateId()).matches()) {
            throw new IllegalArgumentException("invalid template id: " + spec.templateId());
        }
        launcherFor(spec.templateId());
        if (spec.templateHome() != null) {
            if (preparation.replaceTemplateHome(spec.templateId(), spec.templateHome())) {
                // sandboxes warmed over another home are not what was asked for
                warmPool.drain(spec.templateId());
            }
        }
        PreparedSandbox prepared;
        if (spec.hostLoopbackPorts().isEmpty()) {
            prepared = warmPool.claim(spec.templateId()).orElseGet(() -> prepare(spec.templateId(), List.of()));
            warmPool.refill(spec.templateId());
        } else if (!host.network().internet()) {
            throw new SandboxUnavailableException("this server's sandboxes have no network (codingit.sandbox.egress=none), "
                    + "so they cannot reach the host ports they need");
        } else {
            // a forward is fixed when the sandbox's network starts: such a sandbox is never one of the warm pool's
            prepared = prepare(spec.templateId(), spec.hostLoopbackPorts());
        }
        return handOver(prepared, spec);
    }

    @Override
    public String pauseUnsupportedReason() {
        return status().available() ? null : status().unavailableReason();
    }

    @Override
    public long changedHomeBytes(SandboxRecord record) {
        return homeSaver.changedBytes(sandboxDirectoryOf(record));
    }

    /**
     * Holds every process of a sandbox this server started (SIGSTOP through its cgroups) and writes its changed layer
     * with tar. On success they stay held until the sandbox is destroyed; on failure they go on and nothing remains at
     * {@code target}. A sandbox another server process started is saved without holding it (its cgroups are that
     * server's).
     */
    @Override
    public void saveHome(SandboxRecord record, Path target) {
        Path dir = sandboxDirectoryOf(record);
        homeSaver.save(record.id(), dir, target, live.contains(record.id()));
    }

    @Override
    public void releaseHeld(SandboxRecord record) {
        if (live.contains(record.id())) {
            host.cgroups().holdAll(record.id(), false);
        }
    }

    @Override
    public Sandbox resume(SandboxSpec spec, String sandboxId, Path savedHome) {
        if (!status().available()) {
            throw new SandboxUnavailableException(status().unavailableReason());
        }
        if (!TEMPLATE_ID.matcher(spec.templateId()).matches() || !RuntimeDirectory.SANDBOX_ID.matcher(sandboxId).matches()) {
            throw new IllegalArgumentException("invalid template or sandbox id");
        }
        launcherFor(spec.templateId());
        if (live.contains(sandboxId) || Files.exists(instanceDir.resolve(sandboxId), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("sandbox " + sandboxId + " is already running on this server");
        }
        if (spec.templateHome() != null) {
            preparation.offerTemplateHome(spec.templateId(), spec.templateHome());
        }
        PreparedSandbox prepared = preparation.prepare(sandboxId, launcherFor(spec.templateId()), spec.templateId(),
                spec.hostLoopbackPorts(), savedHome);
        return handOver(prepared, spec);
    }

    /** The prepared sandbox as the spec's owner's, live from now until the spec's timeout. */
    private LocalSandbox handOver(PreparedSandbox prepared, SandboxSpec spec) {
        Instant now = clock.instant();
        LocalSandbox sandbox = new LocalSandbox(prepared.id(), spec.ownerId(), spec.templateId(), clock, now,
                now.plus(spec.timeout()), prepared.directory(), prepared.holder(), prepared.agent(), prepared.address(),
                properties.commandTimeout(), properties.outputLimit().toBytes(), live::remove);
        live.add(sandbox);
        return sandbox;
    }

    /** The sandbox's directory under this machine's runtime directory, from its agent's socket. */
    private Path sandboxDirectoryOf(SandboxRecord record) {
        return RuntimeDirectory.socketOf(record, instanceDir).socket().getParent().getParent();
    }

    /** A new sandbox of the template, from its template home. */
    private PreparedSandbox prepare(String templateId, List<Integer> hostLoopbackPorts) {
        return preparation.prepare(launcherFor(templateId), templateId, hostLoopbackPorts);
    }

    @Override
    public void warmUpWith(String templateId, Consumer<Sandbox> warmUp) {
        warmPool.warmUpWith(templateId, warmUp);
    }

    /** Sandboxes of the template waiting in the warm pool now (tests). */
    int warmCount(String templateId) {
        return warmPool.size(templateId);
    }

    /**
     * A handle on a sandbox of this machine from its registry record: this server's own, or another server
     * process's (another data directory, the same runtime directory), reached through its agent's socket.
     */
    @Override
    public Sandbox attach(SandboxRecord record) {
        LocalSandbox sandbox = live.get(record.id());
        if (sandbox != null) {
            if (sandbox.isAlive()) {
                return sandbox;
            }
            throw new SandboxGoneException(record.id(), "its processes stopped");
        }
        AgentEndpoint.Unix socket = RuntimeDirectory.socketOf(record, instanceDir);
        if (instanceDir.equals(socket.socket().getParent().getParent().getParent())) {
            return adopt(record, socket);
        }
        return attached.attach(record, socket);
    }

    /**
     * Takes a sandbox of this instance that no handle of this process holds (a previous run of this server
     * started it, and it outlived that process) back as one of this server's own: its bubblewrap must still run
     * (the pid and start time it recorded) and its agent must answer with the registry's secret. Interpreter
     * drivers, background commands and app servers inside it keep running; the registry egress socket, which
     * the server itself serves, is opened again.
     *
     * @throws SandboxGoneException when it cannot be kept, saying why (the caller decides what becomes of it)
     */
    private synchronized Sandbox adopt(SandboxRecord record, AgentEndpoint.Unix socket) {
        String id = record.id();
        LocalSandbox already = live.get(id);
        if (already != null) {
            if (already.isAlive()) {
                return already;
            }
            throw new SandboxGoneException(id, "its processes stopped");
        }
        LocalSandbox sandbox = previousRun.adopt(record, socket, live::remove);
        live.add(sandbox);
        previousRun.adopted(id);
        attached.forget(id);
        log.info("Sandbox {} of {} was adopted from a previous run of this server", id, record.ownerId());
        return sandbox;
    }

    @Override
    public Optional<Sandbox> find(String sandboxId) {
        return Optional.ofNullable(live.get(sandboxId));
    }

    @Override
    public List<Sandbox> listByOwner(String ownerId) {
        return live.all().stream().filter(s -> s.ownerId().equals(ownerId))
                .sorted(Comparator.comparing(Sandbox::createdAt)).map(s -> (Sandbox) s).toList();
    }

    @Override
    public List<Sandbox> listAll() {
        return live.all().stream().sorted(Comparator.comparing(Sandbox::createdAt)).map(s -> (Sandbox) s).toList();
    }

    @Override
    public boolean kill(String sandboxId) {
        attached.forget(sandboxId);
        LocalSandbox sandbox = live.get(sandboxId);
        if (sandbox != null) {
            return live.remove(sandbox);
        }
        live.awaitRemoval(sandboxId);
        return previousRun.remove(sandboxId);
    }

    /** This server's sandboxes: its own live ones and those a previous run left that are not adopted yet. */
    @Override
    public Set<String> runningIds() {
        Set<String> ids = new HashSet<>(live.ids());
        ids.addAll(previousRun.ids());
        return ids;
    }

    @Override
    public ProviderStatus status() {
        return host.status();
    }

    /**
     * Server shutdown. With {@code keepOnShutdown} the sandboxes keep running (the next start of this instance
     * adopts them through the registry) and only this process's handles are released; the warm pool's
     * sandboxes, which belong to nobody, are removed. Otherwise every sandbox is killed.
     */
    @Override
    public void close() {
        warmPool.close();
        if (keepOnShutdown) {
            live.releaseAll();
            attached.close();
            agentTransport.close();
            if (host.registryEgress() != null) {
                log.info("Sandboxes keep running without registry egress until this server starts again");
            }
            return;
        }
        live.removeAll();
        host.cgroups().removeParents();
        attached.close();
        agentTransport.close();
        // sandboxes of a previous run nobody claimed or ended (a paused sandbox's home) stay, and so does
        // anything still mounted: the tree is never walked into a live home
        if (host.ownsInstanceDir() && previousRun.ids().isEmpty() && HomeLayer.mountsUnder(instanceDir).isEmpty()) {
            try {
                HomeLayer.deleteTree(instanceDir);
            } catch (IOException e) {
                log.warn("could not remove {}: {}", instanceDir, e.getMessage());
            }
        }
    }

    /**
     * What remains on this host of one sandbox: its directory, mounts, cgroups, network namespace and
     * processes (found by its directory in their command lines). Empty once it has been killed.
     */
    public List<String> leftovers(String sandboxId) {
        return traces.of(sandboxId);
    }

    /** Sandbox directories, mounts and cgroups of this instance (all sandboxes). */
    public Map<String, Integer> resourceCounts() {
        return traces.counts();
    }
}
