package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.agent.AgentClient;
import io.codingit.sandbox.agent.AgentEndpoint;
import io.codingit.sandbox.agent.AgentTransport;
import io.codingit.sandbox.spi.AgentAddress;
import io.codingit.sandbox.spi.HomeSaveException;
import io.codingit.sandbox.spi.SandboxGoneException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts sandboxes that belong to nobody yet and removes them again: each one's directory under the instance
 * directory, its home over the template home (or a saved one), its cgroups, network, agent files, registry
 * egress and holder.
 */
final class SandboxPreparation {
    private static final Logger log = LoggerFactory.getLogger(SandboxPreparation.class);
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final SandboxProperties properties;
    private final Path instanceDir;
    private final Path templatesDir;
    /** Prepared template homes by template id (from the specs), for sandboxes created and warmed later. */
    private final Map<String, Path> preparedHomes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** What the host offers: cgroups, home layer, network, registry egress (null unless {@code egress: registries}). */
    private final SandboxHost host;
    private final AgentTransport agentTransport;

    SandboxPreparation(SandboxProperties properties, Path instanceDir, Path templatesDir, SandboxHost host,
                       AgentTransport agentTransport) {
        this.properties = properties;
        this.instanceDir = instanceDir;
        this.templatesDir = templatesDir;
        this.host = host;
        this.agentTransport = agentTransport;
    }

    /** Uses {@code home} for the template's sandboxes from now on; true when it replaced another home. */
    boolean replaceTemplateHome(String templateId, Path home) {
        Path previous = preparedHomes.put(templateId, home);
        return previous != null && !previous.equals(home);
    }

    /** Uses {@code home} for the template's sandboxes unless one was given before. */
    void offerTemplateHome(String templateId, Path home) {
        preparedHomes.putIfAbsent(templateId, home);
    }

    /** A new sandbox under a new id, from the template home. */
    PreparedSandbox prepare(SandboxLauncher launcher, String templateId, List<Integer> hostLoopbackPorts) {
        return prepare(newId(), launcher, templateId, hostLoopbackPorts, null);
    }

    /**
     * Mounts the home, creates the cgroups and network, starts the holder; on failure removes what it made.
     *
     * @param savedHome what {@link HomeLayer#save} wrote, restored over the template home (a resume), else null
     */
    PreparedSandbox prepare(String id, SandboxLauncher launcher, String templateId, List<Integer> hostLoopbackPorts,
                            Path savedHome) {
        Path dir = instanceDir.resolve(id);
        try {
            RuntimeDirectory.createTraversable(dir);
            Path home;
            try {
                home = host.homeLayer().create(dir, templateHome(templateId), savedHome);
            } catch (UncheckedIOException e) {
                if (savedHome == null) {
                    throw e;
                }
                log.warn("Sandbox {}: restoring its saved home failed: {}", id, e.getMessage());
                throw new HomeSaveException("the saved home of sandbox " + id + " could not be restored; "
                        + "it stays paused", e);
            }
            if (savedHome == null) {
                createUserSite(home);
            }
            List<Path> cgroupDirs = host.cgroups().create(id, launcher instanceof GvisorCommandLine
                    ? GvisorCommandLine.hostTasks(properties.pids()) : properties.pids());
            host.cgroups().delegate(id, HostCommands.isRoot() ? properties.uid() : -1);
            host.network().create(id, dir, hostLoopbackPorts);
            AgentFiles agentFiles = AgentFiles.create(dir, HostCommands.isRoot() ? properties.uid() : -1);
            AgentClient agent = new AgentClient(new AgentEndpoint.Unix(agentFiles.socket()), agentFiles.secret(),
                    agentTransport, () -> new SandboxGoneException(id, "its agent stopped answering"));
            RegistryEgress.Wiring egress = host.registryEgress() == null ? RegistryEgress.Wiring.NONE
                    : host.registryEgress().open(id, dir);
            Holder holder = Holder.start(launcher.sandbox(id, dir, home, agentFiles.socketDirectory(), cgroupDirs,
                    host.network().enterPrefix(id), host.network().internet(), properties.outputLimit().toBytes(), egress), dir,
                    agentFiles.secretFile(), agentFiles.log(), agentFiles.socket(), agent, Holder.START_TIMEOUT);
            return new PreparedSandbox(id, dir, holder, agent,
                    new AgentAddress(agent.endpoint().describe(), agentFiles.secret().hex()));
        } catch (RuntimeException e) {
            destroy(id, dir);
            throw e;
        }
    }

    /** Disposes of a prepared sandbox that was never handed out. */
    void discard(PreparedSandbox prepared) {
        prepared.holder().destroy();
        prepared.agent().close();
        destroy(prepared.id(), prepared.directory());
    }

    /** Removes whatever of a sandbox exists: processes, registry egress, network, cgroups, home and directory. */
    void destroy(String id, Path dir) {
        host.cgroups().killAll(id);
        if (host.registryEgress() != null) {
            host.registryEgress().close(id);
        }
        host.network().remove(id, dir);
        host.cgroups().remove(id);
        host.homeLayer().remove(dir);
    }

    /**
     * Python adds the user site to its path only if the directory exists when it starts, so a package that
     * {@code pip install} puts there later would stay invisible to an interpreter already running. Every home
     * starts with it.
     */
    private void createUserSite(Path home) {
        if (PYTHON_VERSION == null) {
            return;
        }
        Path current = home;
        try {
            for (String part : List.of(".local", "lib", PYTHON_VERSION, "site-packages")) {
                current = current.resolve(part);
                if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(current);
                    if (HostCommands.isRoot()) {
                        Files.setAttribute(current, "unix:uid", properties.uid(), LinkOption.NOFOLLOW_LINKS);
                        Files.setAttribute(current, "unix:gid", properties.uid(), LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        } catch (IOException e) {
            log.warn("Could not create the Python user site in a sandbox home: {}", e.toString());
        }
    }

    /** {@code python3.11}: the name of the user site's directory for the sandboxes' Python (null without one). */
    private static final String PYTHON_VERSION = pythonVersion();

    private static String pythonVersion() {
        HostCommands.Result result = HostCommands.run("/usr/bin/python3", "-c",
                "import sys; print('python%d.%d' % sys.version_info[:2])");
        String version = result.output().strip();
        return result.ok() && version.matches("python[0-9]+\\.[0-9]+") ? version : null;
    }

    private Path templateHome(String templateId) {
        Path prepared = preparedHomes.get(templateId);
        if (prepared != null) {
            return prepared;
        }
        Path home = templatesDir.resolve(templateId).resolve("home");
        try {
            if (!Files.isDirectory(home)) {
                Files.createDirectories(home);
                if (HostCommands.isRoot()) {
                    HostCommands.run("chown", properties.uid() + ":" + properties.uid(), home.toString());
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String newId() {
        StringBuilder id = new StringBuilder("sbx");
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
