package io.codingit.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seccomp filter every process of every sandbox runs under (docs/sandbox.md, "System calls"): an
 * allow-list modelled on Docker's default profile, built with libseccomp by {@code seccomp-filter.py}
 * (Debian's python3-seccomp) once per server start and kept as a BPF program under the data directory.
 *
 * <p>This is the launcher's one seam with seccomp. The sandbox's first process, the agent started by
 * bubblewrap, gets the filter from {@code bwrap --seccomp} ({@link #openForBubblewrap()},
 * {@link #bubblewrapOptions()}) and hands it down to every command it starts: nothing enters a
 * sandbox from outside, so no process in it runs unfiltered.
 */
final class SeccompFilter {
    private static final Logger log = LoggerFactory.getLogger(SeccompFilter.class);
    /** Where bubblewrap finds the program (3 carries the agent's delegated cgroup). */
    static final int FD = 4;
    private static final String SCRIPT = "seccomp-filter.py";
    private static final String PROGRAM = "sandbox.bpf";
    /** Opens the program named by the first argument on {@link #FD}, then executes the rest. Runs as root on the host. */
    private static final String OPEN_ON_FD = "exec " + FD + "<\"$1\" || exit 125; shift; exec \"$@\"";

    private final Path directory;
    private final String unavailableReason;
    private final Map<String, Object> description;

    private SeccompFilter(Path directory, String unavailableReason, Map<String, Object> description) {
        this.directory = directory;
        this.unavailableReason = unavailableReason;
        this.description = description;
    }

    /** No filter: the operator turned it off ({@code codingit.sandbox.isolation.seccomp=false}). */
    static SeccompFilter off() {
        return off("off (codingit.sandbox.isolation.seccomp=false)");
    }

    /** No filter of this server's, for the reason given (health shows it). */
    static SeccompFilter off(String why) {
        return new SeccompFilter(null, null, Map.of("filter", why));
    }

    /**
     * Builds the programs into {@code directory} with {@code python}. When that fails the filter is
     * unavailable, with the reason, and the provider refuses to start sandboxes rather than run them
     * unfiltered.
     */
    static SeccompFilter build(String python, Path directory) {
        if (!HostCommands.exists(python)) {
            return unavailable(python + " not found: install the Debian package `python3-seccomp` "
                    + "(apt-get install python3-seccomp), or set codingit.sandbox.isolation.python-path");
        }
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path script = directory.resolve(SCRIPT);
            try (InputStream in = SeccompFilter.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            // built aside, then moved in: a half-written program is never used
            Path building = Files.createTempDirectory(directory, "build-");
            HostCommands.Result r = HostCommands.run(python, "-I", script.toString(), building.toString());
            if (!r.ok()) {
                HomeLayer.deleteTree(building);
                log.warn("seccomp-filter.py failed: {}", r.output());
                if (r.output().contains("No module named 'seccomp'")) {
                    return unavailable("the seccomp filter cannot be built: " + python + " has no libseccomp binding; "
                            + "install the Debian package `python3-seccomp` (apt-get install python3-seccomp)");
                }
                // the script's own refusals are one line; a traceback may name host paths, so it stays in the log
                return unavailable("the seccomp filter cannot be built: " + (r.output().contains("Traceback")
                        ? "libseccomp failed (details in the server log)" : lastLine(r.output())));
            }
            Files.move(building.resolve(PROGRAM), directory.resolve(PROGRAM),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            HomeLayer.deleteTree(building);
            Map<?, ?> built = JsonMapper.shared().readValue(lastLine(r.output()), Map.class);
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("filter", "on: an allow-list modelled on Docker's default profile, everything else EPERM");
            description.put("architecture", built.get("architecture"));
            description.put("allowedSyscalls", built.get("allowed"));
            description.put("libseccompApi", built.get("libseccompApi"));
            return new SeccompFilter(directory, null, description);
        } catch (IOException | RuntimeException e) {
            log.warn("the seccomp filter cannot be built", e);
            return unavailable("the seccomp filter cannot be built (details in the server log)");
        }
    }

    private static SeccompFilter unavailable(String reason) {
        return new SeccompFilter(null, reason, Map.of("filter", "unavailable"));
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** Why sandboxes must not start, or null. */
    String unavailableReason() {
        return unavailableReason;
    }

    /** For the health endpoint. */
    Map<String, Object> description() {
        return description;
    }

    private boolean on() {
        return directory != null;
    }

    /** Host-side prefix of bubblewrap's launch: opens the filter on {@link #FD} (nothing when the filter is off). */
    List<String> openForBubblewrap() {
        return on() ? List.of("/bin/sh", "-c", OPEN_ON_FD, "codingit-seccomp", directory.resolve(PROGRAM).toString()) : List.of();
    }

    /** bubblewrap's options that install the filter on its program, inherited by all it starts. */
    List<String> bubblewrapOptions() {
        return on() ? List.of("--seccomp", Integer.toString(FD)) : List.of();
    }
}
