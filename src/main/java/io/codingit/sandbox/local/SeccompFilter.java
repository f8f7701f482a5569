package io.codingit.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seccomp filter every process of every sandbox runs under (docs/sandbox.md, "System calls"): an
 * allow-list modelled on Docker's default profile, built with libseccomp by {@code seccomp-filter.py}
 * (Debian's python3-seccomp) once per server start and kept as BPF programs under the data directory.
 *
 * <p>This is the launchers' one seam with seccomp. The sandbox's first process, started by
 * bubblewrap, gets the filter from {@code bwrap --seccomp} ({@link #openForBubblewrap()},
 * {@link #bubblewrapOptions()}) and hands it down to everything it ever starts. A process that enters
 * a running sandbox from outside (today's {@code nsenter} per command) descends from the server
 * instead, so it loads the filter itself: on the host, before entering, the filter plus the
 * {@code setns} that nsenter still needs ({@link #beforeEntering()}), so that it is filtered from its
 * first instruction inside the sandbox, where other sandbox processes could trace it; once inside, a
 * second program that refuses {@code setns} again ({@link #afterEntering()}).
 */
final class SeccompFilter {
    private static final Logger log = LoggerFactory.getLogger(SeccompFilter.class);
    /** Where bubblewrap finds the program. */
    static final int FD = 3;
    private static final String SCRIPT = "seccomp-filter.py";
    private static final List<String> PROGRAMS = List.of("sandbox.bpf", "entry.bpf", "no-setns.bpf");
    /** Opens the program named by the first argument on {@link #FD}, then executes the rest. Runs as root on the host. */
    private static final String OPEN_ON_FD = "exec " + FD + "<\"$1\" || exit 125; shift; exec \"$@\"";
    /**
     * Loads a program into this process and executes the rest of its arguments. Arguments: prctl's
     * system call number (architecture-specific, resolved by libseccomp when the filter was built), the
     * program (a file, read on the host; or its bytes in hex, for inside the sandbox, where the file is
     * not), then the command. It sets no_new_privs (prctl 38), then installs the program (prctl 22,
     * PR_SET_SECCOMP, with mode 2, SECCOMP_MODE_FILTER, and a struct sock_fprog: the length in
     * instructions, a pointer to them). Perl because it is Essential in Debian (so always under the
     * sandbox's /usr) and starts as fast as a shell. Any failure exits non-zero: nothing runs without
     * its filter.
     */
    static final String LOADER = """
            my ($nr, $program) = splice(@ARGV, 0, 2);
            my $bpf;
            if ($program =~ /^[0-9a-f]+$/) { $bpf = pack("H*", $program); }
            else { open(my $f, "<:raw", $program) or die "codingit: no seccomp program: $!\\n"; local $/; $bpf = <$f>; }
            syscall($nr, 38, 1, 0, 0, 0) == 0 or die "codingit: no_new_privs not set: $!\\n";
            my $prog = pack("S x![p] p", length($bpf) / 8, $bpf);
            syscall($nr, 22, 2, $prog, 0, 0) == 0 or die "codingit: seccomp filter not loaded: $!\\n";
            exec { $ARGV[0] } @ARGV or die "codingit: $ARGV[0]: $!\\n";
            """;

    private final Path directory;
    private final String unavailableReason;
    private final Map<String, Object> description;
    private final long prctlNumber;
    /** no-setns.bpf in hex: small (a few instructions), and passed by value into the sandbox. */
    private final String setnsRefusal;

    private SeccompFilter(Path directory, String unavailableReason, Map<String, Object> description, long prctlNumber,
                          String setnsRefusal) {
        this.directory = directory;
        this.setnsRefusal = setnsRefusal;
        this.unavailableReason = unavailableReason;
        this.description = description;
        this.prctlNumber = prctlNumber;
    }

    /** No filter: the operator turned it off ({@code codingit.sandbox.isolation.seccomp=false}). */
    static SeccompFilter off() {
        return new SeccompFilter(null, null, Map.of("filter", "off (codingit.sandbox.isolation.seccomp=false)"), 0, null);
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
        if (!Files.isExecutable(Path.of("/usr/bin/perl"))) {
            return unavailable("/usr/bin/perl is missing: install the Debian package `perl-base`");
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
            for (String program : PROGRAMS) {
                Files.move(building.resolve(program), directory.resolve(program),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            HomeLayer.deleteTree(building);
            Map<?, ?> built = JsonMapper.shared().readValue(lastLine(r.output()), Map.class);
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("filter", "on: an allow-list modelled on Docker's default profile, everything else EPERM");
            description.put("architecture", built.get("architecture"));
            description.put("allowedSyscalls", built.get("allowed"));
            description.put("libseccompApi", built.get("libseccompApi"));
            return new SeccompFilter(directory, null, description, ((Number) built.get("prctl")).longValue(),
                    HexFormat.of().formatHex(Files.readAllBytes(directory.resolve("no-setns.bpf"))));
        } catch (IOException | RuntimeException e) {
            log.warn("the seccomp filter cannot be built", e);
            return unavailable("the seccomp filter cannot be built (details in the server log)");
        }
    }

    private static SeccompFilter unavailable(String reason) {
        return new SeccompFilter(null, reason, Map.of("filter", "unavailable"), 0, null);
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
        return on() ? List.of("/bin/sh", "-c", OPEN_ON_FD, "codingit-seccomp", program("sandbox.bpf")) : List.of();
    }

    /** bubblewrap's options that install the filter on its program, inherited by all it starts. */
    List<String> bubblewrapOptions() {
        return on() ? List.of("--seccomp", Integer.toString(FD)) : List.of();
    }

    /** Host-side prefix of a process that will enter a running sandbox: filtered before it enters. */
    List<String> beforeEntering() {
        return on() ? List.of("/usr/bin/perl", "-e", LOADER, Long.toString(prctlNumber), program("entry.bpf")) : List.of();
    }

    /** Inside the sandbox, once entered: refuses setns again, so the process has exactly the sandbox's filter. */
    List<String> afterEntering() {
        return on() ? List.of("/usr/bin/perl", "-e", LOADER, Long.toString(prctlNumber), setnsRefusal) : List.of();
    }

    private String program(String name) {
        return directory.resolve(name).toString();
    }
}
