package io.codingit.sandbox.terminal;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.spi.CommandState;
import io.codingit.sandbox.spi.Sandbox;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The background commands of live sandboxes, oldest first. The sandbox's agent keeps them (tagged
 * {@value #TAG_PREFIX}{@code <id>}), so every server finds them: a command another server started (or that this
 * server started before it restarted) is adopted here on first sight by attaching to it, which replays what the
 * agent still holds. A sandbox keeps at most {@code limit} of them listed: finished ones are forgotten first, and
 * when all are still running a new one is refused (409). Entries of dead sandboxes are dropped whenever the
 * registry is touched (their processes died with them).
 */
@Component
class BackgroundCommands {
    static final String TAG_PREFIX = "background:";

    private record SandboxCommands(Sandbox sandbox, Map<String, RunningCommand> commands) {
    }

    private final Map<String, SandboxCommands> bySandbox = new ConcurrentHashMap<>();
    private final long bufferChars;

    BackgroundCommands(TerminalProperties properties) {
        this.bufferChars = properties.replayBuffer().toBytes();
    }

    synchronized void add(Sandbox sandbox, RunningCommand command, int limit) {
        forgetDeadSandboxes();
        SandboxCommands entry = entryOf(sandbox);
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

    /** Checks the room before starting anything, so a refused command never runs at all; counts every server's. */
    synchronized void requireRoom(Sandbox sandbox, int limit) {
        adopt(sandbox);
        SandboxCommands entry = bySandbox.get(sandbox.id());
        if (entry != null && entry.commands().values().stream().filter(RunningCommand::isRunning).count() >= limit) {
            throw new TerminalException(Kind.CONFLICT, "sandbox " + sandbox.id() + " already runs " + limit
                    + " background commands; kill one first");
        }
    }

    synchronized List<RunningCommand> list(Sandbox sandbox) {
        forgetDeadSandboxes();
        adopt(sandbox);
        SandboxCommands entry = bySandbox.get(sandbox.id());
        if (entry == null) {
            return List.of();
        }
        List<RunningCommand> commands = new ArrayList<>(entry.commands().values());
        commands.sort(Comparator.comparing(RunningCommand::startedAt));
        return commands;
    }

    synchronized Optional<RunningCommand> find(Sandbox sandbox, String commandId) {
        SandboxCommands entry = bySandbox.get(sandbox.id());
        if (entry == null || !entry.commands().containsKey(commandId)) {
            adopt(sandbox);
            entry = bySandbox.get(sandbox.id());
        }
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.commands().get(commandId));
    }

    /** Follows every background command the agent keeps that this server does not know yet. */
    private void adopt(Sandbox sandbox) {
        List<CommandState> kept = sandbox.commands();
        for (CommandState state : kept) {
            if (!state.tag().startsWith(TAG_PREFIX)) {
                continue;
            }
            String id = state.tag().substring(TAG_PREFIX.length());
            SandboxCommands entry = entryOf(sandbox);
            if (entry.commands().containsKey(id)) {
                continue;
            }
            String command = state.argv().size() == 3 ? state.argv().get(2) : String.join(" ", state.argv());
            entry.commands().put(id, RunningCommand.followKept(id, sandbox.id(), command, state.startedAt(),
                    sandbox.attach(state.id()), bufferChars));
        }
    }

    private SandboxCommands entryOf(Sandbox sandbox) {
        return bySandbox.computeIfAbsent(sandbox.id(), id -> new SandboxCommands(sandbox, new LinkedHashMap<>()));
    }

    private void forgetDeadSandboxes() {
        bySandbox.values().removeIf(entry -> !entry.sandbox().isAlive());
    }
}
