package io.codingit.sandbox.local;

import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.CommandResult;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LocalSandboxProviderTest {
    private static LocalSandboxProvider provider;

    @BeforeAll
    static void start() {
        LocalSandboxes.assumeSandboxHost();
        provider = LocalSandboxes.provider(LocalSandboxes.properties(Egress.NONE, "bwrap"), LocalSandboxes.newDataDir());
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void runsACommandAsTheSandboxUserInItsHome() {
        Sandbox sandbox = provider.create(new SandboxSpec("u1", "code-interpreter-v1", Duration.ofMinutes(1)));
        CommandResult r = sandbox.run(Command.of("bash", "-c", "id -un; pwd; echo hi > f; cat f; echo err >&2; exit 3"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("user\n/home/user\nhi\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        sandbox.kill();
        assertThat(provider.leftovers(sandbox.id())).isEmpty();
    }
}
