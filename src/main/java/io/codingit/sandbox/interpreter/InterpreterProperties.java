package io.codingit.sandbox.interpreter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code codingit.sandbox.interpreter.*}; docs/interpreter.md describes every key.
 *
 * @param python           the Python inside the sandbox (Debian's, which sees the apt-installed numpy, pandas, matplotlib)
 * @param executionTimeout a cell running longer is interrupted (state kept)
 * @param interruptGrace   how long an interrupted cell may take to stop before the interpreter is restarted (state lost)
 * @param startTimeout     how long the interpreter may take to start
 * @param outputLimit      cap per stream (stdout, stderr) per cell; the rest is replaced by a marker
 * @param maxEventSize     the largest single event (e.g. one figure) accepted from the interpreter
 */
@ConfigurationProperties("codingit.sandbox.interpreter")
public record InterpreterProperties(
        @DefaultValue("/usr/bin/python3") String python,
        @DefaultValue("60s") Duration executionTimeout,
        @DefaultValue("5s") Duration interruptGrace,
        @DefaultValue("30s") Duration startTimeout,
        @DefaultValue("1MB") DataSize outputLimit,
        @DefaultValue("32MB") DataSize maxEventSize) {

    public static InterpreterProperties defaults() {
        return new InterpreterProperties("/usr/bin/python3", Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofSeconds(30), DataSize.ofMegabytes(1), DataSize.ofMegabytes(32));
    }
}
