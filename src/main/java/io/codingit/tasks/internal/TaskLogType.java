package io.codingit.tasks.internal;

/** The contract's log line types; serialised in lower case. */
public enum TaskLogType {
    INFO, ERROR, SUCCESS, COMMAND;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
