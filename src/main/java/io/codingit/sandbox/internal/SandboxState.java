package io.codingit.sandbox.internal;

/**
 * A registry row's state. Pause and resume (issue 18) move a sandbox between RUNNING and PAUSED; a killed
 * sandbox never comes back, its row is kept a while so that its id answers with the reason.
 */
enum SandboxState {
    RUNNING, PAUSED, KILLED;

    String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static SandboxState ofColumn(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    /** Counts against the owner's limit and is served. */
    boolean live() {
        return this != KILLED;
    }
}
