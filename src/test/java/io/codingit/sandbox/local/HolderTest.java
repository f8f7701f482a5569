package io.codingit.sandbox.local;

import io.codingit.sandbox.spi.SandboxUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HolderTest {
    @TempDir
    Path dir;

    /** A start too slow for the deadline (a host busy with a burst) is "unavailable, try again", and leaves nothing. */
    @Test
    void aSandboxWhoseAgentNeverAnswersIsUnavailableAndItsProcessIsEnded() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "");
        Path log = dir.resolve("agent.log");
        // the socket never appears, so the agent is never asked (no client needed)
        assertThatThrownBy(() -> Holder.start(List.of("sleep", "600"), dir, secret, log, dir.resolve("agent.sock"), null,
                Duration.ofMillis(300)))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("did not start within")
                .hasMessageNotContaining(dir.toString());
        long pid = Long.parseLong(Files.readString(dir.resolve(Holder.PID_FILE)).trim().split(" ")[0]);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the started process is ended").isFalse();
    }
}
