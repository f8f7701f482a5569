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

    /** Creates the sandbox's groups with their limits; returns the {@code cgroup.procs} files a process joins. */
    List<Path> create(String sandboxId);

    /**
     * Creates a group for one command inside the sandbox's groups (no limits of its own: the sandbox's
     * apply); returns the {@code cgroup.procs} files its process joins. {@code group} is "sandboxId/name".
     */
    List<Path> createChild(String group);

    /** SIGKILLs every process in the group and its child groups, until none is left ("sandboxId" or "sandboxId/name"). */
    void killAll(String sandboxId);

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
            public List<Path> create(String sandboxId) {
                return List.of();
            }

            @Override
            public List<Path> createChild(String group) {
                return List.of();
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
