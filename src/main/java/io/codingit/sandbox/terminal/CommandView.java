package io.codingit.sandbox.terminal;

import java.time.Instant;

/** A background command as listed: {@code exitCode} is null while it runs. */
record CommandView(String id, String command, Instant startedAt, boolean running, Integer exitCode) {
    static CommandView of(RunningCommand command) {
        var exit = command.output().exitCode();
        return new CommandView(command.id(), command.command(), command.startedAt(), exit.isEmpty(),
                exit.isPresent() ? exit.getAsInt() : null);
    }
}
