package io.codingit.sandbox.terminal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.spi.Sandbox;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The background commands of live sandboxes, oldest first. A sandbox keeps at most {@code limit} of them
 * listed: finished ones are forgotten first, and when all are still running a new one is refused (409).
 * Entries of dead sandboxes are dropped whenever the registry is touched (their processes died with them).
 */
@Component
class BackgroundCommands {
    private record SandboxCommands(Sandbox sandbox, Map<String, RunningCommand> commands) {
    }

    private final Map<String, SandboxCommands> bySandbox = new ConcurrentHashMap<>();

    synchronized void add(Sandbox sandbox, RunningCommand command, int limit) {
        forgetDeadSandboxes();
        SandboxCommands entry = bySandbox.computeIfAbsent(sandbox.id(),
                id -> new SandboxCommands(sandbox, new LinkedHashMap<>()));
        Iterator<RunningCommand> oldest = entry.commands().values().iterator();
        while (entry.commands().size() >= limit && oldest.hasNext()) {
            if (!oldest.next().isRunning()) {
                oldest.remove();
            }
        }
        if (entry.commands().size() >= limit) {
            command.kill();
            throw new TerminalException(Kind.CONFLICT, "sandbox " + sandbox.id() + " already runs " + limit
                    + " background commands; kill one first");
        }
        entry.commands().put(command.id(), command);
    }

    /** Checks the room before starting anything, so a refused command never runs at all. */
    synchronized void requireRoom(Sandbox sandbox, int limit) {
        SandboxCommands entry = bySandbox.get(sandbox.id());
        if (entry != null && entry.commands().values().stream().filter(RunningCommand::isRunning).count() >= limit) {
            throw new TerminalException(Kind.CONFLICT, "sandbox " + sandbox.id() + " already runs " + limit
                    + " background commands; kill one first");
        }
    }

    synchronized List<RunningCommand> list(Sandbox sandbox) {
        forgetDeadSandboxes();
        SandboxCommands entry = bySandbox.get(sandbox.id());
        return entry == null ? List.of() : new ArrayList<>(entry.commands().values());
    }

    synchronized Optional<RunningCommand> find(Sandbox sandbox, String commandId) {
        SandboxCommands entry = bySandbox.get(sandbox.id());
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.commands().get(commandId));
    }

    private void forgetDeadSandboxes() {
        bySandbox.values().removeIf(entry -> !entry.sandbox().isAlive());
    }
}
