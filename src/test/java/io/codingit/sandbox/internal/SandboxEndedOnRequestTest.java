package io.codingit.sandbox.internal;

import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a handle's {@link Sandbox#endedOnRequest()} answers from the registry row (docs/sandbox.md, "Ended on request
 * or by itself"): the interpreter's cell error depends on it.
 */
class SandboxEndedOnRequestTest extends SandboxApiTestBase {
    @Autowired
    Sandboxes sandboxes;

    private final String owner = "ended-test-" + java.util.UUID.randomUUID();

    @Test
    void aKillThroughAnyHandleIsARequest() {
        Sandbox sandbox = sandboxes.create(owner, CODE_INTERPRETER);
        assertThat(sandbox.endedOnRequest()).as("while it runs").isFalse();

        sandboxes.kill(owner, sandbox.id()); // another handle than the one asked

        assertThat(sandbox.endedOnRequest()).isTrue();
    }

    @Test
    void aPauseIsARequest() {
        Sandbox sandbox = sandboxes.create(owner, CODE_INTERPRETER);

        sandboxes.pause(owner, sandbox.id());

        assertThat(sandbox.endedOnRequest()).isTrue();
        sandboxes.kill(owner, sandbox.id());
    }

    @Test
    void aSandboxWhoseProcessesStoppedEndedByItselfAlsoOnceTheReaperMarkedItGone() {
        Sandbox sandbox = sandboxes.create(owner, CODE_INTERPRETER);
        endByItself(sandbox);

        // the reaper (every 200 ms here) finds its processes stopped and marks the row killed
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!local().leftovers(sandbox.id()).isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000);
        }
        assertThat(local().leftovers(sandbox.id())).as("removed by the reaper").isEmpty();
        assertThat(sandbox.endedOnRequest()).isFalse();
    }
}
