package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxSpec;
import io.codingit.support.Prerequisites;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The gvisor level on its own: real runsc sandboxes. */
class GvisorSandboxTest {
    private static final SandboxSpec SPEC = new SandboxSpec("u1", "code-interpreter-v1", Duration.ofMinutes(1));

    static SandboxProperties gvisor(Egress egress) {
        return LocalSandboxes.properties(egress, "bwrap", new SandboxProperties.Isolation("gvisor", true, "/usr/bin/python3"));
    }

    static void assumeGvisorHost() {
        Prerequisites.require(HostCommands.isRoot(), "gVisor sandboxes need root", "runsc (as root)");
        Prerequisites.require(RunscVersion.problem("runsc") == null, "runsc is missing or too old", "runsc");
    }

    @Test
    void commandsAndFilesRunUnderGvisor() {
        assumeGvisorHost();
        try (LocalSandboxProvider provider = LocalSandboxes.provider(gvisor(Egress.NONE), LocalSandboxes.newDataDir())) {
            assertThat(provider.status().unavailableReason()).isNull();
            Sandbox sandbox = provider.create(SPEC);
            CommandResult r = sandbox.run(Command.of("bash", "-c", "id -un; pwd; uname -r; echo hi > f; cat f; exit 3"));
            System.out.println(r);
            assertThat(r.exitCode()).isEqualTo(3);
            sandbox.files().write("a.txt", "x".getBytes(StandardCharsets.UTF_8));
            assertThat(sandbox.run(Command.of("cat", "a.txt")).stdout()).isEqualTo("x");
            sandbox.kill();
            assertThat(provider.leftovers(sandbox.id())).isEmpty();
        }
    }
}
