package io.codingit.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code codingit.sandbox.*}: limits and lifecycle of sandboxes. docs/sandbox.md describes every key.
 *
 * @param runtimeDir     where per-sandbox mounts and state live (empty: {@code <tmpdir>/codingit-sandboxes});
 *                       must be traversable by {@code uid}, so it is kept out of the data directory
 * @param uid            host uid (and gid) the sandboxes run as when the server runs as root
 * @param bwrapPath      the bubblewrap executable
 * @param pastaPath      the pasta executable (only for {@code egress: internet})
 * @param egress         {@code none}: no network but a private loopback; {@code registries}: the package
 *                       registries only, through the server's egress proxy; {@code internet}: outbound via pasta,
 *                       host services stay unreachable
 * @param defaultTimeout lifetime of a new sandbox
 * @param maxTimeout     the longest lifetime a caller may ask for
 * @param maxPerUser     live sandboxes per user
 * @param commandTimeout per-command timeout when the caller gives none
 * @param outputLimit    cap per output stream of one command
 * @param memory         memory limit per sandbox (cgroup)
 * @param pids           process limit per sandbox (cgroup)
 * @param cpus           CPU cores per sandbox (cgroup quota)
 * @param homeSize       size limit of {@code /home/user} (its writable layer)
 * @param reaperInterval how often expired sandboxes are looked for
 * @param warmPool       started sandboxes kept ready per template (after its first use); 0 disables
 * @param isolation      {@code codingit.sandbox.isolation.*}: the seccomp filter and the isolation level
 * @param provider       where sandboxes run: {@code local} (bubblewrap on this machine) or {@code kubernetes}
 *                       (pods, with {@code codingit.sandbox.kubernetes.*}; docs/deploy.md)
 */
@ConfigurationProperties("codingit.sandbox")
public record SandboxProperties(
        @DefaultValue("") String runtimeDir,
        @DefaultValue("61000") int uid,
        @DefaultValue("bwrap") String bwrapPath,
        @DefaultValue("pasta") String pastaPath,
        @DefaultValue("registries") Egress egress,
        @DefaultValue("10m") Duration defaultTimeout,
        @DefaultValue("24h") Duration maxTimeout,
        @DefaultValue("5") int maxPerUser,
        @DefaultValue("60s") Duration commandTimeout,
        @DefaultValue("1MB") DataSize outputLimit,
        @DefaultValue("1GB") DataSize memory,
        @DefaultValue("256") int pids,
        @DefaultValue("1.0") double cpus,
        @DefaultValue("1GB") DataSize homeSize,
        @DefaultValue("5s") Duration reaperInterval,
        @DefaultValue("2") int warmPool,
        @DefaultValue("local") Provider provider,
        @DefaultValue Isolation isolation) {

    /**
     * {@code none}: a private loopback only; {@code registries}: the package registries of
     * {@code codingit.sandbox.registries} through the server's egress proxy, nothing else; {@code internet}:
     * outbound via pasta.
     */
    public enum Egress { NONE, REGISTRIES, INTERNET }

    public enum Provider { LOCAL, KUBERNETES }

    @ConstructorBinding
    public SandboxProperties {
        provider = provider == null ? Provider.LOCAL : provider;
        isolation = isolation == null ? Isolation.defaults() : isolation;
    }

    /** The local provider's settings (tests and benchmarks that build a provider themselves). */
    public SandboxProperties(String runtimeDir, int uid, String bwrapPath, String pastaPath, Egress egress,
                             Duration defaultTimeout, Duration maxTimeout, int maxPerUser, Duration commandTimeout,
                             DataSize outputLimit, DataSize memory, int pids, double cpus, DataSize homeSize,
                             Duration reaperInterval, int warmPool) {
        this(runtimeDir, uid, bwrapPath, pastaPath, egress, defaultTimeout, maxTimeout, maxPerUser, commandTimeout,
                outputLimit, memory, pids, cpus, homeSize, reaperInterval, warmPool, Isolation.defaults());
    }

    /** The local provider's settings with an isolation of their own (tests and benchmarks of the filter). */
    public SandboxProperties(String runtimeDir, int uid, String bwrapPath, String pastaPath, Egress egress,
                             Duration defaultTimeout, Duration maxTimeout, int maxPerUser, Duration commandTimeout,
                             DataSize outputLimit, DataSize memory, int pids, double cpus, DataSize homeSize,
                             Duration reaperInterval, int warmPool, Isolation isolation) {
        this(runtimeDir, uid, bwrapPath, pastaPath, egress, defaultTimeout, maxTimeout, maxPerUser, commandTimeout,
                outputLimit, memory, pids, cpus, homeSize, reaperInterval, warmPool, Provider.LOCAL, isolation);
    }

    /**
     * How strongly sandboxes are isolated beyond their namespaces (docs/sandbox.md, "System calls").
     *
     * @param level      {@code namespaces} (bubblewrap plus the filter) or {@code gvisor} (the same sandbox run
     *                   by gVisor's runsc); a string, so that an unknown value leaves the server running and says
     *                   what is wrong
     * @param seccomp    every sandbox process runs under the seccomp filter; false only to diagnose or
     *                   measure, sandboxes then reach every system call of the host kernel
     * @param pythonPath the Python with Debian's python3-seccomp that builds the filter at start
     * @param runscPath  gVisor's runsc (Debian package {@code runsc}), for the {@code gvisor} level
     * @param templates  template id → level, for templates whose sandboxes run at another level than {@code level}
     *                   (e.g. {@code code-interpreter-v1: gvisor} on a {@code namespaces} server); a string per
     *                   template for the same reason as {@code level}
     */
    public record Isolation(
            @DefaultValue("namespaces") String level,
            @DefaultValue("true") boolean seccomp,
            @DefaultValue("/usr/bin/python3") String pythonPath,
            @DefaultValue("runsc") String runscPath,
            Map<String, String> templates) {

        /** The levels a server knows; anything else leaves what asks for it unavailable, saying so. */
        public static final List<String> LEVELS = List.of("namespaces", "gvisor");

        @ConstructorBinding
        public Isolation {
            runscPath = runscPath == null || runscPath.isBlank() ? "runsc" : runscPath;
            templates = templates == null ? Map.of() : Map.copyOf(templates);
        }

        /** A level and runsc for every template (tests, benchmarks). */
        public Isolation(String level, boolean seccomp, String pythonPath, String runscPath) {
            this(level, seccomp, pythonPath, runscPath, Map.of());
        }

        /** A level with the default runsc (tests, benchmarks). */
        public Isolation(String level, boolean seccomp, String pythonPath) {
            this(level, seccomp, pythonPath, "runsc");
        }

        /** The level the template's sandboxes run at: its own where configured, else the server's. */
        public String levelOf(String templateId) {
            return templates.getOrDefault(templateId, level);
        }

        /** The server's level first, then each other level a template asks for. */
        public Set<String> levelsInUse() {
            Set<String> levels = new LinkedHashSet<>();
            levels.add(level);
            levels.addAll(new java.util.TreeSet<>(templates.values()));
            return levels;
        }

        /** The configuration key that sets the template's level (for messages about it). */
        public String keyOf(String templateId) {
            return templates.containsKey(templateId) ? "codingit.sandbox.isolation.templates." + templateId
                    : "codingit.sandbox.isolation.level";
        }

        /** The defaults, for code that builds properties itself (tests, benchmarks). */
        public static Isolation defaults() {
            return new Isolation("namespaces", true, "/usr/bin/python3");
        }
    }
}
