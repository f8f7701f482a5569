package io.codingit.tasks;

import java.util.Locale;

/** A task's state; serialised in lower case as the contract's {@code status}. */
public enum TaskStatus {
    PENDING, PROCESSING, COMPLETED, ERROR, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Completed, error and cancelled tasks never change again. */
    public boolean terminal() {
        return this == COMPLETED || this == ERROR || this == CANCELLED;
    }
}
