package io.codingit.sandbox.spi;

import java.time.Instant;
import java.util.List;

/**
 * A command the sandbox's agent keeps (every live one, and the last finished ones), as any server sees it.
 *
 * @param tag      what the starter tagged it with ({@link Sandbox#start(Command, String)}), or empty
 * @param exitCode null while it runs
 */
public record CommandState(String id, String tag, List<String> argv, Instant startedAt, boolean running, Integer exitCode) {
}
