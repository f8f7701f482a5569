package io.codingit.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code codingit.sandbox.pause.*}: pausing sandboxes instead of killing them (issue 18). docs/sandbox.md, "Pause
 * and resume", describes every key.
 *
 * @param onTimeout    what happens to a running sandbox whose time is up: {@code pause} (its home is saved, it can be
 *                     resumed) or {@code kill} (as before pause existed)
 * @param retention    how long a paused sandbox is kept before it and its saved home are deleted
 * @param quotaPerUser the disk one user's paused sandboxes may hold together; a pause beyond it is refused (409), and
 *                     a timeout beyond it kills the sandbox instead, saying why; a server start-up that cannot adopt
 *                     a sandbox pauses it even beyond it (a restart never deletes a sandbox), saying so
 */
@ConfigurationProperties("codingit.sandbox.pause")
public record SandboxPauseProperties(
        @DefaultValue("pause") OnTimeout onTimeout,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("2GB") DataSize quotaPerUser) {

    public enum OnTimeout { PAUSE, KILL }

    /** The defaults (tests and tools that build sandboxes without Spring). */
    public static SandboxPauseProperties defaults() {
        return new SandboxPauseProperties(OnTimeout.PAUSE, Duration.ofDays(7), DataSize.ofGigabytes(2));
    }
}
