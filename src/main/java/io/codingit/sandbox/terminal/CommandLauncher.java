package io.codingit.sandbox.terminal;

import io.codingit.sandbox.spi.Command;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.sandbox.spi.SandboxProcess;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Starts {@code bash -lc <command>} in a sandbox with its output followed in a bounded buffer. */
@Component
class CommandLauncher {
    private final BackgroundCommands background;
    private final TerminalProperties properties;

    CommandLauncher(BackgroundCommands background, TerminalProperties properties) {
        this.background = background;
        this.properties = properties;
    }

    /** A foreground command: bounded by the terminal's command timeout; the caller kills it when its client leaves. */
    RunningCommand startInForeground(Sandbox sandbox, String command, String cwd) {
        return start(sandbox, command, cwd, properties.commandTimeout());
    }

    /**
     * A background command: runs until it ends, is killed, or its sandbox dies; listed per sandbox. The sandbox's
     * agent keeps it under a tag carrying its id, so any server lists it, replays it and kills it.
     */
    RunningCommand startInBackground(Sandbox sandbox, String command, String cwd) {
        // held while starting, so that a listing meanwhile does not adopt the command this server is starting
        synchronized (background) {
            background.requireRoom(sandbox, properties.maxBackgroundCommands());
            String id = UUID.randomUUID().toString();
            var process = sandbox.start(bash(command, cwd), BackgroundCommands.TAG_PREFIX + id);
            closeInput(process);
            RunningCommand running = RunningCommand.followKept(id, sandbox.id(), command, java.time.Instant.now(), process,
                    properties.replayBuffer().toBytes());
            background.add(sandbox, running, properties.maxBackgroundCommands());
            return running;
        }
    }

    private RunningCommand start(Sandbox sandbox, String command, String cwd, Duration timeout) {
        var process = sandbox.start(bash(command, cwd));
        closeInput(process);
        long bufferChars = properties.replayBuffer().toBytes();
        return RunningCommand.follow(UUID.randomUUID().toString(), sandbox.id(), command, process, bufferChars, timeout);
    }

    private static Command bash(String command, String cwd) {
        return new Command(List.of("bash", "-lc", command), cwd, Map.of(), null);
    }

    /** stdin stays a pipe for the provider; closing it gives the command end-of-file, like /dev/null. */
    private static void closeInput(SandboxProcess process) {
        try {
            process.stdin().close();
        } catch (IOException e) {
            // nothing to close
        }
    }
}
