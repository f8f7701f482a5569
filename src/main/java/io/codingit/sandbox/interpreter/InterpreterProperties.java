package io.codingit.sandbox.interpreter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param warmStart        the warm pool's sandboxes of interpreter templates start their driver while they wait, so
 *                         that a new sandbox's first cell finds Python and IPython imported (docs/interpreter.md)
 */
@ConfigurationProperties("codingit.sandbox.interpreter")
public record InterpreterProperties(
        @DefaultValue("/usr/bin/python3") String python,
        @DefaultValue("60s") Duration executionTimeout,
        @DefaultValue("5s") Duration interruptGrace,
        @DefaultValue("30s") Duration startTimeout,
        @DefaultValue("1MB") DataSize outputLimit,
        @DefaultValue("32MB") DataSize maxEventSize,
        @DefaultValue("true") boolean warmStart) {

    @ConstructorBinding
    public InterpreterProperties {
    }

    /** With the warm start on (tests and benchmarks that build the settings themselves). */
    public InterpreterProperties(String python, Duration executionTimeout, Duration interruptGrace, Duration startTimeout,
                                 DataSize outputLimit, DataSize maxEventSize) {
        this(python, executionTimeout, interruptGrace, startTimeout, outputLimit, maxEventSize, true);
    }

    public static InterpreterProperties defaults() {
        return new InterpreterProperties("/usr/bin/python3", Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofSeconds(30), DataSize.ofMegabytes(1), DataSize.ofMegabytes(32), true);
    }
}
