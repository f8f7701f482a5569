package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.codingit.support.Prerequisites;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The seccomp filter of issue 22 in real sandboxes: the battery of dangerous system calls, run as user
 * code, is refused with EPERM; the same battery without the filter shows that the kernel alone would have
 * answered otherwise; ordinary work still runs; a filter that cannot be built stops sandboxes.
 */
class SeccompFilterTest {
    private static final SandboxSpec SPEC = new SandboxSpec("u1", "code-interpreter-v1", Duration.ofMinutes(5));
    private static final Duration SLOW = Duration.ofSeconds(60);
    /** Every call of the battery that must be refused with EPERM. */
    private static final List<String> REFUSED = List.of("io_uring_setup", "io_uring_enter", "io_uring_register", "keyctl",
            "add_key", "request_key", "userfaultfd", "perf_event_open", "bpf", "open_by_handle_at", "kexec_load",
            "kexec_file_load", "mount", "umount2", "unshare(CLONE_NEWUSER)", "unshare(CLONE_NEWNS)",
            "unshare(CLONE_NEWNET)", "setns", "clone(CLONE_NEWUSER)", "clone(CLONE_NEWPID|CLONE_NEWNET)", "pivot_root",
            "swapon", "swapoff", "reboot", "init_module", "finit_module", "delete_module", "clock_settime",
            "settimeofday", "personality(ADDR_NO_RANDOMIZE)", "personality(READ_IMPLIES_EXEC)", "iopl", "ioperm");

    private static LocalSandboxProvider provider;

    @BeforeAll
    static void start() {
        LocalSandboxes.assumeSandboxHost();
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed (the battery is C)",
                "gcc libc6-dev");
        provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"), LocalSandboxes.newDataDir());
        assertThat(provider.status().available()).as(String.valueOf(provider.status().unavailableReason())).isTrue();
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void everyDangerousCallIsRefusedWithEpermAndOtherSandboxesAreUnaffected() throws IOException {
        Sandbox attacker = provider.create(SPEC);
        Sandbox bystander = provider.create(SPEC);
        bystander.files().write("note.txt", "still here".getBytes());

        Map<String, String> results = battery(attacker);

        for (String call : REFUSED) {
            assertThat(results.get(call)).as(call).isEqualTo("EPERM");
        }
        // clone3's flags are in memory, out of a filter's reach: ENOSYS sends callers back to clone, filtered above
        assertThat(results.get("clone3(CLONE_NEWUSER)")).isEqualTo("ENOSYS");
        assertThat(results.get("personality(query)")).isEqualTo("OK");
        assertThat(results.get("clone(plain fork)")).isEqualTo("OK");

        assertThat(attacker.run(Command.of("echo", "alive")).stdout()).isEqualTo("alive\n");
        assertThat(bystander.run(Command.of("cat", "note.txt")).stdout()).isEqualTo("still here");
        assertThat(provider.status().available()).isTrue();
    }

    /** Not vacuous: without the filter the kernel lets these through, or answers them otherwise. */
    @Test
    void withoutTheFilterTheKernelAloneWouldHaveAnsweredOtherwise() throws IOException {
        try (LocalSandboxProvider unfiltered = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap",
                new SandboxProperties.Isolation("namespaces", false, "/usr/bin/python3")), LocalSandboxes.newDataDir())) {
            assertThat(unfiltered.status().details().get("seccomp")).asString().contains("off");
            Map<String, String> results = battery(unfiltered.create(SPEC));
            for (String call : List.of("io_uring_setup", "keyctl", "add_key", "userfaultfd", "personality(ADDR_NO_RANDOMIZE)")) {
                assertThat(results.get(call)).as(call).isEqualTo("OK");
            }
            for (String call : List.of("setns", "clock_settime", "mount", "open_by_handle_at", "unshare(CLONE_NEWUSER)")) {
                assertThat(results.get(call)).as(call).isNotEqualTo("EPERM");
            }
        }
    }

    @Test
    void everyProcessOfTheSandboxRunsUnderTheFilterFromBubblewrapsInitOn() {
        Sandbox sandbox = provider.create(SPEC);
        CommandResult r = sandbox.run(Command.of("bash", "-c",
                "for s in /proc/[0-9]*/status; do awk '/^Name:/{n=$2} /^Seccomp:/{print n, $2}' $s; done"));
        // bubblewrap's init (pid 1), the agent and this command with its awk: mode 2 is SECCOMP_MODE_FILTER
        assertThat(r.stdout().lines().toList()).contains("bwrap 2", "codingit-agent 2", "bash 2").allMatch(line -> line.endsWith(" 2"));
    }

    /** The seam on its own: whatever bubblewrap starts, and its children, are filtered. */
    @Test
    void theBubblewrapSeamFiltersTheFirstProcessAndEverythingItStarts() throws Exception {
        SeccompFilter filter = SeccompFilter.build("/usr/bin/python3", LocalSandboxes.newDataDir().resolve("seccomp"));
        List<String> argv = new java.util.ArrayList<>(filter.openForBubblewrap());
        argv.addAll(List.of("bwrap", "--unshare-all", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin",
                "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev",
                "--die-with-parent"));
        argv.addAll(filter.bubblewrapOptions());
        argv.addAll(List.of("--", "/usr/bin/bash", "-c", "unshare -U true 2>&1; sh -c 'grep Seccomp: /proc/self/status'"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out).contains("unshare failed: Operation not permitted").contains("Seccomp:\t2");
    }

    @Test
    void ordinaryWorkStillRunsUnderTheFilter() {
        Sandbox sandbox = provider.create(SPEC);
        Map<String, String> work = new LinkedHashMap<>();
        work.put("numpy, pandas, matplotlib", "python3 -c \"import numpy, pandas, matplotlib.pyplot as plt; "
                + "df = pandas.DataFrame({'x': numpy.arange(5)}); plt.plot(df.x); plt.savefig('plot.png'); print(int(df.x.sum()))\"");
        work.put("threads and processes", "python3 -c \"import threading, multiprocessing as m; t = threading.Thread(target=print, "
                + "args=('thread',)); t.start(); t.join(); print(m.Pool(2).map(abs, [-1, -2]))\"");
        work.put("node", "node -e \"require('fs').writeFileSync('n.txt', String(6 * 7)); console.log(require('fs').readFileSync('n.txt', 'utf8'))\"");
        work.put("git", "git init -q repo && cd repo && git -c user.email=a@b -c user.name=a commit -q --allow-empty -m first "
                + "&& git log --format=%s");
        work.put("pip", "pip --version | cut -d' ' -f1");
        work.put("C and C++ compilers", "printf '#include <stdio.h>\\nint main(){puts(\"c\");}' > a.c && gcc -o a a.c && ./a "
                + "&& printf '#include <iostream>\\nint main(){std::cout<<\"c++\"<<std::endl;}' > b.cpp && g++ -o b b.cpp && ./b");
        work.put("a pseudo-terminal", "python3 -c \"import os, pty; pid, fd = pty.fork()\nif pid == 0: os.execlp('tty', 'tty')\n"
                + "print(os.read(fd, 100).decode().strip().startswith('/dev/pts/'))\"");
        Map<String, String> expected = Map.of("numpy, pandas, matplotlib", "10\n", "threads and processes", "thread\n[1, 2]\n",
                "node", "42\n", "git", "first\n", "pip", "pip\n", "C and C++ compilers", "c\nc++\n", "a pseudo-terminal", "True\n");
        work.forEach((what, command) -> {
            CommandResult r = sandbox.run(new Command(List.of("bash", "-c", command), null, Map.of(), SLOW));
            assertThat(r.exitCode()).as(what + ": " + r.stderr()).isZero();
            assertThat(r.stdout()).as(what).isEqualTo(expected.get(what));
        });
    }

    @Test
    void aFilterThatCannotBeBuiltStopsSandboxesAndSaysWhy() throws IOException {
        try (LocalSandboxProvider missing = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap",
                new SandboxProperties.Isolation("namespaces", true, "/nonexistent/python3")), LocalSandboxes.newDataDir())) {
            assertThat(missing.status().available()).isFalse();
            assertThat(missing.status().unavailableReason()).contains("python3-seccomp");
            assertThatThrownBy(() -> missing.create(SPEC)).isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("python3-seccomp");
        }
        // a real Python without the binding: Debian's, with its site packages (where python3-seccomp lives) left out
        Path dir = LocalSandboxes.newDataDir();
        Path bare = dir.resolve("python-without-site");
        Files.writeString(bare, "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n");
        Files.setPosixFilePermissions(bare, PosixFilePermissions.fromString("rwx------"));
        try (LocalSandboxProvider withoutBinding = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap",
                new SandboxProperties.Isolation("namespaces", true, bare.toString())), dir)) {
            assertThat(withoutBinding.status().available()).isFalse();
            assertThat(withoutBinding.status().unavailableReason())
                    .contains("has no libseccomp binding", "apt-get install python3-seccomp");
        }
    }

    /** Compiles the battery inside the sandbox (the compiler runs under the filter too) and runs it as the sandbox user. */
    private static Map<String, String> battery(Sandbox sandbox) throws IOException {
        try (InputStream source = SeccompFilterTest.class.getResourceAsStream("syscall-battery.c")) {
            sandbox.files().write("battery.c", source.readAllBytes());
        }
        CommandResult r = sandbox.run(new Command(List.of("bash", "-c", "gcc -o battery battery.c && ./battery"), null, Map.of(), SLOW));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Map<String, String> results = new LinkedHashMap<>();
        r.stdout().lines().forEach(line -> results.put(line.substring(0, line.lastIndexOf(' ')), line.substring(line.lastIndexOf(' ') + 1)));
        return results;
    }
}
