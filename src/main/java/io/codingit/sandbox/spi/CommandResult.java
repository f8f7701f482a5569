package io.codingit.sandbox.spi;

/**
 * The outcome of a finished command.
 *
 * @param exitCode  the process's exit code; 124 when it was killed by its timeout, 128+N after signal N
 * @param stdout    standard output, at most the provider's per-stream cap (then ending with a truncation marker)
 * @param stderr    standard error, capped likewise
 * @param timedOut  the command was killed because it outlived its timeout
 * @param truncated at least one stream was cut at the cap
 */
public record CommandResult(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated) {
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }
}
