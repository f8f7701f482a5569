package io.codingit.sandbox.local;

import java.nio.file.Path;
import java.util.List;

/**
 * Per-sandbox resource limits through cgroups: one group per sandbox under one parent group per server
 * instance, so that a restart finds and removes what a previous run left.
 */
interface Cgroups {
    /** E.g. "cgroup v1 (memory, pids, cpu)". */
    String description();

    /** Limits this host cannot enforce, each with its reason. */
    List<String> unappliedLimits();

    /**
     * Creates the sandbox's groups with their limits; returns their directories (one per hierarchy).
     *
     * @param pids the sandbox's host task limit (it differs per isolation level: GvisorCommandLine.hostTasks)
     */
    List<Path> create(String sandboxId, int pids);

    /**
     * Lets the sandbox's agent (host uid {@code uid}; -1: the server's own) create and fill per-command child
     * groups: the group directories and their {@code cgroup.procs} change owner, the limit files do not.
     */
    void delegate(String sandboxId, int uid);

    /** SIGKILLs every process in the group and its child groups, until none is left ("sandboxId" or "sandboxId/name"). */
    void killAll(String sandboxId);

    /**
     * Sends SIGSTOP ({@code stop}) or SIGCONT to every process in the group and its child groups: a pause holds the
     * sandbox still while its home is saved, and lets it go on when the save failed. Without groups: nothing.
     */
    default void holdAll(String sandboxId, boolean stop) {
    }

    /** Removes the group and its child groups (after {@link #killAll}). */
    void remove(String sandboxId);

    /** Removes this instance's (empty) parent groups, at server shutdown. */
    void removeParents();

    /** Names of the sandbox groups that exist under this instance's parent. */
    List<String> existing();

    /** No limits at all (cgroups not writable here). */
    static Cgroups none(String reason) {
        return new Cgroups() {
            @Override
            public String description() {
                return "none";
            }

            @Override
            public List<String> unappliedLimits() {
                return List.of("memory: " + reason, "pids: " + reason, "cpu: " + reason);
            }

            @Override
            public List<Path> create(String sandboxId, int pids) {
                return List.of();
            }

            @Override
            public void delegate(String sandboxId, int uid) {
                // nothing to delegate: the agent falls back to a process group per command
            }

            @Override
            public void killAll(String sandboxId) {
                // no group to search; processes die with their bubblewrap parent
            }

            @Override
            public void remove(String sandboxId) {
                // nothing was created
            }

            @Override
            public void removeParents() {
                // nothing was created
            }

            @Override
            public List<String> existing() {
                return List.of();
            }
        };
    }
}
