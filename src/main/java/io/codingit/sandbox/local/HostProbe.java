package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.WarmPoolDemandProperties;
import io.codingit.sandbox.egress.SandboxEgressProxy;
import io.codingit.sandbox.egress.SandboxEnvironment;
import io.codingit.sandbox.spi.ProviderStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds at start what this host can run for the local provider: its prerequisites, the runtime directory's safety,
 * each isolation level in use, the seccomp filter, cgroups, the home layer, the network and the registry egress,
 * and builds the launchers and the provider's status from them. It writes what every sandbox needs in the instance
 * directory (the agent binary, the registry CA bundle, the identity files) and logs nothing: the provider says what
 * is missing once it has noted what a previous run left.
 */
final class HostProbe {
    private final SandboxProperties properties;
    private final SandboxEnvironment environment;
    /** Null when this server did not start the registry egress proxy. */
    private final SandboxEgressProxy egressProxy;
    private final WarmPoolDemandProperties warmPoolDemand;
    private final boolean root = HostCommands.isRoot();

    HostProbe(SandboxProperties properties, SandboxEnvironment environment, SandboxEgressProxy egressProxy,
              WarmPoolDemandProperties warmPoolDemand) {
        this.properties = properties;
        this.environment = environment;
        this.egressProxy = egressProxy;
        this.warmPoolDemand = warmPoolDemand;
    }

    /**
     * @param stateDir    the provider's state under the data directory (the seccomp filter goes there)
     * @param instanceDir this instance's directory under the runtime directory
     * @param instance    this instance's id (its cgroups are named after it)
     */
    SandboxHost probe(Path stateDir, Path instanceDir, String instance) {
        boolean internet = properties.egress() == SandboxProperties.Egress.INTERNET;
        SandboxProperties.Isolation isolation = properties.isolation();
        List<String> unapplied = new ArrayList<>();
        String unavailable = missingPrerequisite(internet);
        if (unavailable == null && properties.egress() == SandboxProperties.Egress.REGISTRIES && egressProxy == null) {
            unavailable = "egress 'registries' needs the registry egress proxy, which this server did not start";
        }
        if (unavailable == null) {
            unavailable = RuntimeDirectory.unsafeRuntimeRoot(instanceDir.getParent());
        }
        Path agentBinary = instanceDir.resolve("bin").resolve(AgentBinary.NAME);
        if (unavailable == null) {
            RuntimeDirectory.createTraversable(instanceDir);
            unavailable = AgentBinary.install(agentBinary);
        }
        boolean ownsInstanceDir = unavailable == null;
        if (ownsInstanceDir) {
            RuntimeDirectory.createTraversable(instanceDir);
        }
        Path certificates = null;
        if (unavailable == null && environment.certificates().configured()) {
            try {
                certificates = environment.certificates().install(instanceDir.resolve("registry-ca"));
            } catch (IOException e) {
                unavailable = "the registry CA bundle (codingit.sandbox.registries.ca-certificates) could not be written to "
                        + instanceDir.resolve("registry-ca") + ": " + e;
            }
        }
        boolean namespacesInUse = isolation.levelsInUse().contains("namespaces");
        // built before anything starts: without it no sandbox may run at the namespaces level (gVisor's sentry
        // filters itself)
        SeccompFilter seccomp = !namespacesInUse ? SeccompFilter.off("gVisor: the sandbox's calls are served by its "
                + "sentry, which runs under gVisor's own filter") : isolation.seccomp()
                ? SeccompFilter.build(isolation.pythonPath(), stateDir.resolve("seccomp"))
                : SeccompFilter.off();
        // each level a template or the server asks for, and why this host cannot run it (absent: it can)
        Map<String, String> problems = new LinkedHashMap<>();
        for (String level : isolation.levelsInUse()) {
            String problem = levelProblem(level, internet, seccomp);
            if (problem != null) {
                problems.put(level, problem);
            }
        }
        if (unavailable == null && problems.keySet().containsAll(isolation.levelsInUse())) {
            // no level in use can run here: the server's own says why (as when only one is in use)
            unavailable = problems.get(isolation.level());
        }
        Cgroups cgroups = unavailable == null
                ? FileCgroups.detect("codingit-" + instance, properties.memory().toBytes(), properties.pids(), properties.cpus())
                : Cgroups.none("sandboxes are unavailable");
        HomeLayer homeLayer = unavailable == null
                ? HomeLayer.detect(instanceDir.resolve(".probe"), properties.homeSize().toBytes(), properties.uid(), root)
                : HomeLayer.detect(instanceDir, 0, properties.uid(), false);
        SandboxNetwork network = new SandboxNetwork(internet, properties.pastaPath());
        RegistryEgress registryEgress = properties.egress() == SandboxProperties.Egress.REGISTRIES && egressProxy != null
                ? new RegistryEgress(egressProxy, properties.uid(), root, certificates) : null;
        // when nothing can run at all, the reason says it all; single limits are not worth listing
        if (unavailable == null) {
            unapplied.addAll(cgroups.unappliedLimits());
            if (homeLayer.unappliedReason() != null) {
                unapplied.add(homeLayer.unappliedReason());
            }
        }
        if (unavailable == null && !root) {
            unapplied.add("uid: the server does not run as root, so sandboxes run as the server's own uid");
        }
        Map<String, SandboxLauncher> usable = new LinkedHashMap<>();
        if (unavailable == null) {
            // the sandbox user is 1000 at both levels (runsc maps it to the host uid like bubblewrap)
            Path etc = instanceDir.resolve("etc");
            RuntimeDirectory.writeIdentityFiles(etc, BubblewrapCommandLine.SANDBOX_UID);
            for (String level : isolation.levelsInUse()) {
                if (problems.containsKey(level)) {
                    continue;
                }
                usable.put(level, level.equals("gvisor")
                        ? new GvisorCommandLine(isolation.runscPath(), properties.uid(), etc,
                                instanceDir.resolve("gvisor-root"), agentBinary, environment.variables())
                        : new BubblewrapCommandLine(properties.bwrapPath(), root, properties.uid(),
                                etc.resolve("passwd"), etc.resolve("group"), agentBinary, environment.variables(), seccomp));
            }
        }
        Map<String, Object> details = details(cgroups, homeLayer, seccomp, unavailable == null ? problems : Map.of());
        return new SandboxHost(new ProviderStatus(unavailable == null, unavailable, unapplied, details),
                Map.copyOf(usable), Collections.unmodifiableMap(problems), cgroups, homeLayer, network, registryEgress,
                ownsInstanceDir);
    }

    /**
     * The facts of the health endpoint.
     *
     * @param unavailableLevels the levels in use this host cannot run while others can (empty: none, or none can)
     */
    private Map<String, Object> details(Cgroups cgroups, HomeLayer homeLayer, SeccompFilter seccomp,
                                        Map<String, String> unavailableLevels) {
        SandboxProperties.Isolation isolation = properties.isolation();
        boolean gvisor = isolation.level().equals("gvisor");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", gvisor ? "local (gVisor runsc, ptrace platform)" : "local (bubblewrap)");
        details.put("cgroups", cgroups.description());
        details.put("home", homeLayer.description());
        details.put("network", switch (properties.egress()) {
            case INTERNET -> "internet via pasta; host services unreachable";
            case REGISTRIES -> egressProxy == null ? "registries (proxy missing)"
                    : "package registries only, through the server's egress proxy: " + egressProxy.allowList();
            case NONE -> "none (private loopback only)";
        });
        if (environment.certificates().configured()) {
            details.put("registryCertificates", environment.certificates().describe());
        }
        details.put("warmPool", properties.warmPool());
        details.put("warmPoolDemandMax", Math.max(properties.warmPool(), warmPoolDemand.max()));
        details.put("runsAsUid", root ? properties.uid() : "server's uid");
        details.put("isolation", isolation.level());
        if (!isolation.templates().isEmpty()) {
            details.put("templateIsolation", new TreeMap<>(isolation.templates()));
        }
        if (!unavailableLevels.isEmpty()) {
            // some level in use cannot run here: the templates at it are unavailable, the others are not
            details.put("unavailableLevels", unavailableLevels);
        }
        details.put("seccomp", seccomp.description());
        details.put("limits", Map.of("memory", properties.memory().toString(), "pids", properties.pids(),
                "cpus", properties.cpus(), "homeSize", properties.homeSize().toString(),
                "commandTimeout", properties.commandTimeout().toString(), "outputLimit", properties.outputLimit().toString()));
        return details;
    }

    /** What this host lacks for everything, whatever the level. */
    private String missingPrerequisite(boolean internet) {
        if (root && !HostCommands.exists("setpriv")) {
            return "setpriv is missing: install the Debian package `util-linux`";
        }
        if (internet && !root) {
            return "egress 'internet' needs the server to run as root (network namespaces)";
        }
        if (internet && !HostCommands.exists(properties.pastaPath())) {
            return "egress 'internet' needs pasta: install the Debian package `passt` (apt-get install passt)";
        }
        return null;
    }

    /** Why this host cannot run sandboxes at the level (the package to install, the setting to change), else null. */
    private String levelProblem(String level, boolean internet, SeccompFilter seccomp) {
        switch (level) {
            case "gvisor" -> {
                String runsc = RunscVersion.problem(properties.isolation().runscPath());
                if (runsc != null) {
                    return runsc;
                }
                if (!root) {
                    return "isolation level 'gvisor' needs the server to run as root (runsc, cgroups)";
                }
                if (internet) {
                    return "egress 'internet' is not available at isolation level 'gvisor': runsc's own network stack "
                            + "(--network=sandbox) refuses to start in the sandbox's network namespace on this kernel "
                            + "(docs/sandbox.md, \"Isolation levels\"); use egress registries or none, or level namespaces";
                }
                return null;
            }
            case "namespaces" -> {
                if (!HostCommands.exists(properties.bwrapPath())) {
                    return "bubblewrap is not installed (" + properties.bwrapPath()
                            + " not found): install the Debian package `bubblewrap` (apt-get install bubblewrap)";
                }
                return seccomp.unavailableReason();
            }
            default -> {
                List<String> keys = new ArrayList<>();
                if (properties.isolation().level().equals(level)) {
                    keys.add("codingit.sandbox.isolation.level");
                }
                properties.isolation().templates().forEach((template, wanted) -> {
                    if (wanted.equals(level)) {
                        keys.add("codingit.sandbox.isolation.templates." + template);
                    }
                });
                return "unknown isolation level '" + level.replaceAll("[^A-Za-z0-9_.-]", "?")
                        + "' (" + String.join(", ", keys) + "): use namespaces or gvisor";
            }
        }
    }
}
