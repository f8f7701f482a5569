package io.codingit.sandbox.local;

import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.sandbox.egress.RegistryCertificates;
import io.codingit.sandbox.egress.SandboxEgressProxy;
import io.codingit.sandbox.egress.SandboxEnvironment;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.sandbox.spi.SandboxUnavailableException;
import io.codingit.support.Prerequisites;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code gvisor} level with real runsc sandboxes (issue 22 part 2): the provider's own features, a system
 * call battery showing gVisor serves the calls, and bad configuration. The API-level feature tests run at this
 * level too, with {@code CODINGIT_SANDBOX_ISOLATION_LEVEL=gvisor} (.ci/run).
 */
class GvisorSandboxTest {
    private static final SandboxSpec SPEC = new SandboxSpec("u1", "code-interpreter-v1", Duration.ofMinutes(1));

    static SandboxProperties gvisor(Egress egress, String runsc) {
        return LocalSandboxes.properties(egress, "bwrap",
                new SandboxProperties.Isolation("gvisor", true, "/usr/bin/python3", runsc));
    }

    static void assumeGvisorHost() {
        Prerequisites.require(HostCommands.isRoot(), "gVisor sandboxes need root (runsc, cgroups)", "runsc (as root)");
        String problem = RunscVersion.problem("runsc");
        Prerequisites.require(problem == null, String.valueOf(problem), "runsc");
    }

    @Test
    void commandsFilesAndKillWorkUnderGvisorAndLeaveNothing() throws Exception {
        assumeGvisorHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(gvisor(Egress.NONE, "runsc"), LocalSandboxes.newDataDir())) {
            assertThat(provider.status().unavailableReason()).isNull();
            assertThat(provider.status().details()).containsEntry("isolation", "gvisor");
            Sandbox sandbox = provider.create(SPEC);
            SandboxProcess background = sandbox.start(Command.of("sleep", "600"));
            CommandResult r = sandbox.run(new Command(List.of("bash", "-c",
                    "id -un; pwd; echo hi > f; cat f; echo \"$GREETING\"; env | grep -c JAVA_HOME; echo err >&2; exit 3"),
                    null, Map.of("GREETING", "hello world"), null));
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("user\n/home/user\nhi\nhello world\n0\n");
            assertThat(r.stderr()).isEqualTo("err\n");
            sandbox.files().write("dir/a.txt", "from the files API".getBytes(StandardCharsets.UTF_8));
            assertThat(sandbox.run(Command.of("cat", "dir/a.txt")).stdout()).isEqualTo("from the files API");
            assertThat(new String(sandbox.files().read("f", 100), StandardCharsets.UTF_8)).isEqualTo("hi\n");
            assertThat(sandbox.files().tree(null, java.util.Set.of())).extracting(n -> n.name()).contains("dir", "f");
            assertThat(sandbox.run(Command.of("python3", "-c", "print(1+1)")).stdout()).isEqualTo("2\n");
            // the sandbox user is 1000 inside, as under bubblewrap, and the host uid outside (runsc's user namespace)
            assertThat(sandbox.run(Command.of("id", "-u")).stdout()).isEqualTo("1000\n");
            assertThat(Files.getAttribute(((LocalSandbox) sandbox).directory().resolve("home").resolve("f"), "unix:uid"))
                    .isEqualTo(61000);
            // the host keeps a home the files API reaches and the sandbox's directory until the kill
            assertThat(provider.leftovers(sandbox.id())).isNotEmpty();
            sandbox.kill();
            assertThat(background.isAlive()).isFalse();
            assertThat(provider.leftovers(sandbox.id())).isEmpty();
            assertThat(provider.resourceCounts()).isEqualTo(Map.of("directories", 0, "mounts", 0, "cgroups", 0));
        }
    }

    /**
     * A registry CA bundle ({@code codingit.sandbox.registries.ca-certificates}) is bound read-only into gVisor
     * sandboxes as into bubblewrap's (RegistryInstallsTest): the variables name it, it reads as written, and
     * nothing in the sandbox can change it. (The added CA here is the first root of the host's own bundle: a real
     * CA certificate, which is all the setting asks for.)
     */
    @Test
    void aRegistryCaBundleIsBoundReadOnlyAtThisLevelToo() throws Exception {
        assumeGvisorHost();
        String systemRoots = Files.readString(RegistryCertificates.SYSTEM_BUNDLE);
        String firstRoot = systemRoots.substring(0, systemRoots.indexOf("-----END CERTIFICATE-----") + 26);
        Path caFile = Files.writeString(Files.createTempFile("codingit-ca-", ".pem"), firstRoot);
        RegistryEgressProperties registries = new RegistryEgressProperties(List.of("pypi.org:443"), List.of(),
                "https://pypi.org/simple", "https://registry.npmjs.org/", DataSize.ofMegabytes(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofSeconds(5), "", List.of(caFile.toString()));
        RegistryCertificates certificates = RegistryCertificates.load(registries.caCertificates(), RegistryCertificates.SYSTEM_BUNDLE);
        try (SandboxEgressProxy proxy = new SandboxEgressProxy(registries, host -> List.of(), null);
             LocalSandboxProvider provider = new LocalSandboxProvider(gvisor(Egress.REGISTRIES, "runsc"),
                     LocalSandboxes.newDataDir(), Clock.systemUTC(),
                     new SandboxEnvironment(Egress.REGISTRIES, registries, certificates), proxy)) {
            assertThat(provider.status().unavailableReason()).isNull();
            Sandbox sandbox = provider.create(SPEC);
            String bundleSha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(certificates.bundlePem().getBytes(StandardCharsets.US_ASCII)));
            CommandResult r = sandbox.run(new Command(List.of("bash", "-c",
                    "[ \"$(sha256sum < \"$PIP_CERT\" | cut -c1-64)\" = \"$BUNDLE_SHA256\" ] && echo bundle;"
                    + " cmp -s \"$NODE_EXTRA_CA_CERTS\" <(printf '%s' \"$ADDED\") && echo added;"
                    + " echo x >> \"$SSL_CERT_FILE\" 2>/dev/null || echo read-only"), null,
                    Map.of("ADDED", certificates.addedPem(), "BUNDLE_SHA256", bundleSha256), null));
            assertThat(r.stdout()).as(r.toString()).isEqualTo("bundle\nadded\nread-only\n");
            sandbox.kill();
        } finally {
            Files.deleteIfExists(caFile);
        }
    }

    /**
     * Calls are served by gVisor's kernel, not the host's: its own kernel release and boot log, the agent as
     * process 1 with no host process visible, and the escape calls of the seccomp battery refused.
     */
    @Test
    void systemCallsAreServedByGvisor() {
        assumeGvisorHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(gvisor(Egress.NONE, "runsc"), LocalSandboxes.newDataDir())) {
            Sandbox sandbox = provider.create(SPEC);
            Sandbox other = provider.create(SPEC);
            String hostRelease = HostCommands.run("uname", "-r").output().strip();
            CommandResult r = sandbox.run(Command.of("bash", "-c", "uname -r; dmesg | head -1; ps -e -o pid=,comm= | head -1"));
            assertThat(r.stdout().lines().toList().get(0)).isNotEqualTo(hostRelease).isEqualTo("4.4.0");
            assertThat(r.stdout()).contains("Starting gVisor").containsPattern("\\s1 codingit-agent");
            // a host process, the server itself, is invisible
            assertThat(sandbox.run(Command.of("bash", "-c", "ps -e -o comm= | sort -u")).stdout()).doesNotContain("java");

            String battery = """
                    import ctypes, errno, os
                    libc = ctypes.CDLL(None, use_errno=True)
                    calls = {"io_uring_setup": (425, 8, 0), "keyctl": (250, 0, 0), "add_key": (248, 0, 0),
                             "userfaultfd": (323, 0), "perf_event_open": (298, 0, 0, -1, -1, 0), "bpf": (321, 0, 0, 0),
                             "open_by_handle_at": (304, -1, 0, 0), "kexec_load": (246, 0, 0, 0, 0),
                             "mount": (165, b"none", b"/tmp", b"tmpfs", 0, 0), "unshare_user": (272, 0x10000000),
                             "setns": (308, 0, 0), "pivot_root": (155, b"/tmp", b"/tmp"), "swapon": (167, b"/tmp", 0),
                             "reboot": (169, 0xfee1dead, 672274793, 0x1234567), "init_module": (175, 0, 0, b""),
                             "clock_settime": (227, 0, 0)}
                    for name, args in calls.items():
                        r = libc.syscall(*[ctypes.c_char_p(a) if isinstance(a, bytes) else ctypes.c_long(a) for a in args])
                        print(name, "ALLOWED" if r >= 0 else errno.errorcode[ctypes.get_errno()])
                    """;
            sandbox.files().write("battery.py", battery.getBytes(StandardCharsets.UTF_8));
            CommandResult b = sandbox.run(Command.of("python3", "battery.py"));
            assertThat(b.exitCode()).as(b.stderr()).isZero();
            // every call is refused, except a user namespace: gVisor implements those itself, inside its sentry,
            // so that one is gVisor's own and never the host kernel's (its other namespace calls are refused)
            assertThat(b.stdout().lines()).hasSize(16).filteredOn(line -> line.endsWith("ALLOWED"))
                    .containsExactly("unshare_user ALLOWED");
            // the other sandbox and this one still work
            assertThat(other.run(Command.of("echo", "ok")).stdout()).isEqualTo("ok\n");
            assertThat(sandbox.run(Command.of("echo", "ok")).stdout()).isEqualTo("ok\n");
            System.out.println("gVisor syscall battery:\n" + b.stdout());
        }
    }

    @Test
    void aTimeoutKillsTheCommandInsideGvisorAndAForkBombStopsAtTheLimit() {
        assumeGvisorHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(gvisor(Egress.NONE, "runsc"), LocalSandboxes.newDataDir())) {
            Sandbox sandbox = provider.create(SPEC);
            CommandResult r = sandbox.run(new Command(List.of("bash", "-c", "sleep 300 & sleep 300"), null, Map.of(),
                    Duration.ofSeconds(2)));
            assertThat(r.timedOut()).isTrue();
            // the agent killed the command's process group inside gVisor
            assertThat(sandbox.run(Command.of("bash", "-c", "ps -e -o comm= | grep -c sleep")).stdout()).isEqualTo("0\n");
            // the host task limit stops it: either the command ends at its timeout, or the sentry, refused a host
            // thread, ends and takes this whole sandbox with it (both seen here); the host and others are unaffected
            try {
                sandbox.run(new Command(List.of("bash", "-c", ":(){ :|:& };:"), null, Map.of(), Duration.ofSeconds(5)));
            } catch (io.codingit.sandbox.spi.SandboxGoneException ended) {
                // its agent stopped answering; runsc's own exit follows (bounded wait)
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (sandbox.isAlive() && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                }
                assertThat(sandbox.isAlive()).isFalse();
            }
            Sandbox other = provider.create(SPEC);
            assertThat(other.run(Command.of("echo", "ok")).stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void internetEgressIsRefusedClearlyAtThisLevel() {
        assumeGvisorHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(gvisor(Egress.INTERNET, "runsc"), LocalSandboxes.newDataDir())) {
            assertThat(provider.status().available()).isFalse();
            assertThat(provider.status().unavailableReason()).contains("egress 'internet' is not available at isolation level 'gvisor'");
            assertThatThrownBy(() -> provider.create(SPEC)).isInstanceOf(SandboxUnavailableException.class);
        }
    }

    @Test
    void aMissingOrTooOldRunscLeavesSandboxesUnavailableNamingThePackage() throws Exception {
        try (LocalSandboxProvider provider = LocalSandboxes.provider(gvisor(Egress.NONE, "/nonexistent/runsc"),
                LocalSandboxes.newDataDir())) {
            assertThat(provider.status().available()).isFalse();
            assertThat(provider.status().unavailableReason()).contains("runsc", "apt-get install runsc");
            assertThatThrownBy(() -> provider.create(SPEC)).isInstanceOf(SandboxUnavailableException.class)
                    .hasMessageContaining("runsc");
        }
        Path old = Files.createTempDirectory("codingit-old-runsc").resolve("runsc");
        Files.writeString(old, "#!/bin/sh\necho 'runsc version 0.0~20200115.0'\necho 'spec: 1.0.1'\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (LocalSandboxProvider provider = LocalSandboxes.provider(gvisor(Egress.NONE, old.toString()),
                LocalSandboxes.newDataDir())) {
            assertThat(provider.status().available()).isFalse();
            assertThat(provider.status().unavailableReason()).contains("20221219 or newer", "20200115", "runsc");
        }
    }

    @Test
    void anUnknownLevelIsNamed() {
        try (LocalSandboxProvider provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap",
                new SandboxProperties.Isolation("firecracker", true, "/usr/bin/python3")), LocalSandboxes.newDataDir())) {
            assertThat(provider.status().available()).isFalse();
            assertThat(provider.status().unavailableReason()).contains("unknown isolation level 'firecracker'", "gvisor");
        }
    }
}
