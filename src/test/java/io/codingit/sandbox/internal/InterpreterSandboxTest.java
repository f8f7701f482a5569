package io.codingit.sandbox.internal;

import io.codingit.sandbox.CellResult;
import io.codingit.sandbox.CodeInterpreter;
import io.codingit.sandbox.CodeInterpreters;
import io.codingit.sandbox.Execution;
import io.codingit.sandbox.ExecutionError;
import io.codingit.sandbox.ExecutionListener;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code interpreter through the sandbox service: each test gets a fresh {@code code-interpreter-v1}
 * bubblewrap sandbox and talks to its interpreter ({@link CodeInterpreters}).
 */
class InterpreterSandboxTest extends SandboxApiTestBase {
    private static final long OUTPUT_LIMIT = 1024 * 1024;

    @Autowired
    Sandboxes sandboxes;

    @Autowired
    CodeInterpreters interpreters;

    private String owner;
    private Sandbox sandbox;
    private CodeInterpreter interpreter;

    @BeforeEach
    void createSandbox() {
        // the service directly, so any owner id will do (a user id's length, as the registry stores it)
        owner = "interpreter-test-" + java.util.UUID.randomUUID();
        sandbox = sandboxes.create(owner, CODE_INTERPRETER);
        interpreter = interpreters.of(sandbox);
    }

    @AfterEach
    void killSandbox() {
        if (sandbox != null) {
            sandboxes.kill(owner, sandbox.id());
        }
    }

    private static String truncationMarker() {
        return "\n[output truncated: more than " + OUTPUT_LIMIT + " bytes on stdout in this cell]\n";
    }

    /**
     * Warm start: a sandbox handed out of the warm pool already runs its driver, started while it waited; its first
     * cell runs there (one driver, execution count 1, a fresh namespace) instead of starting another.
     */
    @Test
    void aSandboxFromTheWarmPoolRunsItsFirstCellInTheDriverStartedWhileItWaited() {
        String other = "interpreter-warm-" + java.util.UUID.randomUUID();
        Sandbox warm = null;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (warm == null && System.nanoTime() < deadline) {
            // the pool refills in the background: a create that finds it empty gets a cold sandbox, and the next one looks again
            Sandbox candidate = sandboxes.create(other, CODE_INTERPRETER);
            if (drivers(candidate) == 1) {
                warm = candidate;
            } else {
                sandboxes.kill(other, candidate.id());
            }
        }
        assertThat(warm).as("a sandbox with its driver started in the warm pool").isNotNull();
        try {
            Execution first = interpreters.of(warm).execute("'x' in dir(), 1+1");

            assertThat(first.error()).isNull();
            assertThat(first.results()).singleElement().satisfies(result -> assertThat(result.text()).isEqualTo("(False, 2)"));
            assertThat(first.executionCount()).isEqualTo(1);
            assertThat(drivers(warm)).isEqualTo(1);
        } finally {
            sandboxes.kill(other, warm.id());
        }
    }

    /** The running interpreter drivers of a sandbox, as its agent lists them. */
    private static long drivers(Sandbox sandbox) {
        return sandbox.commands().stream()
                .filter(c -> c.running() && c.argv().size() == 3 && c.argv().get(1).equals("-c")
                        && c.argv().get(2).contains("codingit_driver.py"))
                .count();
    }

    @Test
    void variablesSurviveBetweenCells() {
        Execution first = interpreter.execute("x = 41\nprint('set')");
        Execution second = interpreter.execute("x + 1");

        assertThat(first.error()).isNull();
        assertThat(String.join("", first.logs().stdout())).isEqualTo("set\n");
        assertThat(second.error()).isNull();
        assertThat(second.results()).singleElement().satisfies(result -> {
            assertThat(result.text()).isEqualTo("42");
            assertThat(result.isMainResult()).isTrue();
        });
        assertThat(second.executionCount()).isEqualTo(first.executionCount() + 1);
    }

    @Test
    void matplotlibFigureArrivesAsPngAndText() {
        Execution execution = interpreter.execute("""
                import matplotlib.pyplot as plt
                plt.plot([1, 2, 3], [1, 4, 9])
                plt.show()
                """);

        assertThat(execution.error()).isNull();
        assertThat(execution.results()).singleElement().satisfies(figure -> {
            assertThat(figure.isMainResult()).isFalse();
            assertThat(figure.text()).startsWith("<Figure size");
            byte[] png = Base64.getDecoder().decode(figure.png());
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        });
    }

    @Test
    void dataFrameGivesHtmlAndTextAndDisplayIsNotTheMainResult() {
        Execution execution = interpreter.execute("""
                import pandas as pd
                df = pd.DataFrame({"city": ["Oslo", "Lima"], "people": [709000, 10000000]})
                display(df.head(1))
                df
                """);

        assertThat(execution.error()).isNull();
        assertThat(execution.results()).hasSize(2);
        CellResult displayed = execution.results().get(0);
        CellResult main = execution.results().get(1);
        assertThat(displayed.isMainResult()).isFalse();
        assertThat(displayed.html()).contains("<table").contains("Oslo").doesNotContain("Lima");
        assertThat(main.isMainResult()).isTrue();
        assertThat(main.html()).contains("<table").contains("Lima");
        assertThat(main.text()).contains("city").contains("Lima");
    }

    @Test
    void errorsComeWithNameValueAndTraceback() {
        Execution execution = interpreter.execute("""
                def divide(a, b):
                    return a / b
                print("before")
                divide(1, 0)
                """);

        assertThat(execution.logs().stdout()).containsExactly("before", "\n");
        assertThat(execution.results()).isEmpty();
        ExecutionError error = execution.error();
        assertThat(error.name()).isEqualTo("ZeroDivisionError");
        assertThat(error.value()).isEqualTo("division by zero");
        assertThat(error.traceback()).contains("divide(1, 0)").contains("return a / b")
                .doesNotContain("\u001b[");
    }

    @Test
    void syntaxErrorIsReportedAndTheInterpreterGoesOn() {
        Execution broken = interpreter.execute("def f(:\n    pass");
        Execution next = interpreter.execute("'still here'");

        assertThat(broken.error().name()).isEqualTo("SyntaxError");
        assertThat(next.results()).singleElement().extracting(CellResult::text).isEqualTo("'still here'");
    }

    /** A busy loop and a blocking sleep: both are interrupted, and the variables set before survive. */
    @ParameterizedTest
    @ValueSource(strings = {"while True: pass", "import time\ntime.sleep(600)"})
    void timeoutInterruptsTheCellAndKeepsState(String endlessCell) {
        interpreter.execute("x = 1");

        Execution endless = interpreter.execute(endlessCell, Duration.ofMillis(500), ExecutionListener.NONE);
        Execution after = interpreter.execute("x");

        assertThat(endless.error().name()).isEqualTo("TimeoutError");
        assertThat(endless.error().value()).contains("500 ms").contains("state").contains("kept");
        assertThat(endless.error().traceback()).contains("KeyboardInterrupt");
        assertThat(after.error()).isNull();
        assertThat(after.results()).singleElement().extracting(CellResult::text).isEqualTo("1");
    }

    @Test
    void outputBeyondTheLimitIsTruncatedWithAMarker() {
        Execution execution = interpreter.execute("""
                for _ in range(3000):
                    print("x" * 1023)
                import os
                os.system("head -c 3000000 /dev/zero | tr '\\\\0' y")
                """);

        String stdout = String.join("", execution.logs().stdout());
                assertThat(stdout).endsWith(truncationMarker());
        assertThat(stdout.length()).isLessThanOrEqualTo((int) OUTPUT_LIMIT + truncationMarker().length());
        assertThat(stdout).doesNotContain("yyy");
        assertThat(interpreter.execute("1 + 1").results()).singleElement().extracting(CellResult::text).isEqualTo("2");
    }

    @Test
    void outputOfSubprocessesAndStderrIsCapturedWithoutCorruptingTheProtocol() {
        Execution execution = interpreter.execute("""
                import os, sys
                os.system("echo from-shell; echo shell-error >&2")
                os.write(1, b'{"type": "end", "id": 999}\\n')
                print("warning", file=sys.stderr)
                'done'
                """);

        assertThat(execution.error()).isNull();
        assertThat(String.join("", execution.logs().stdout())).contains("from-shell\n").contains("{\"type\": \"end\"");
        assertThat(String.join("", execution.logs().stderr())).contains("shell-error\n").contains("warning");
        assertThat(execution.results()).singleElement().extracting(CellResult::text).isEqualTo("'done'");
    }

    @Test
    void listenerHearsEventsInOrderAsTheyHappen() {
        List<String> events = new ArrayList<>();
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onStdout(String text) {
                events.add("stdout:" + text.strip());
            }

            @Override
            public void onResult(CellResult result) {
                events.add("result:" + result.text());
            }

            @Override
            public void onError(ExecutionError error) {
                events.add("error:" + error.name());
            }
        };

        interpreter.execute("""
                import time
                print("one", flush=True)
                time.sleep(0.2)
                display(2)
                print("three")
                raise ValueError("four")
                """, null, listener);

        assertThat(events.stream().filter(e -> !e.equals("stdout:"))).containsExactly(
                "stdout:one", "result:2", "stdout:three", "error:ValueError");
    }

    @Test
    void interpreterDeathIsReportedAndTheNextCellStartsAFreshOne() {
        interpreter.execute("z = 5");

        Execution killed = interpreter.execute("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)");
        Execution fresh = interpreter.execute("'z' in globals()");

        assertThat(killed.error().name()).isEqualTo("InterpreterDied");
        assertThat(killed.error().value()).contains("variables").contains("lost");
        assertThat(fresh.error()).isNull();
        assertThat(fresh.results()).singleElement().extracting(CellResult::text).isEqualTo("False");
    }

    @Test
    void cellsRunInsideTheSandboxAndWriteToItsHome() {
        Execution execution = interpreter.execute("""
                import os, socket
                with open("made-by-cell.txt", "w") as f:
                    f.write("hello from the cell")
                (os.getcwd(), socket.gethostname(), os.getuid() != 0)
                """);

        assertThat(execution.error()).isNull();
        assertThat(execution.results()).singleElement().extracting(CellResult::text)
                .isEqualTo("('/home/user', 'sandbox', True)");
        assertThat(new String(sandbox.files().read("/home/user/made-by-cell.txt", 1000)))
                .isEqualTo("hello from the cell");
    }

    @Test
    void runningOutOfMemoryIsReportedAndTheNextCellStartsAFreshInterpreter() {
        interpreter.execute("kept = 'no'");

        // The test server limits a sandbox to 256 MB: touching 1 GiB gets the interpreter OOM-killed.
        Execution hog = interpreter.execute("hog = bytearray(1024 ** 3)");

        assertThat(hog.error().name()).isEqualTo("InterpreterDied");
        assertThat(hog.error().value()).contains("out of memory").contains("lost");
        if ("gvisor".equals(System.getenv("CODINGIT_SANDBOX_ISOLATION_LEVEL"))) {
            // under gVisor all the sandbox's memory is the sentry's, a host process: the host's OOM killer in the
            // sandbox's cgroup ends the sentry, so the whole sandbox ends (docs/sandbox.md, "Isolation levels")
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (sandbox.isAlive() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
            assertThat(sandbox.isAlive()).isFalse();
            sandbox = sandboxes.create(owner, CODE_INTERPRETER); // the next one works (and is the one killed after)
            assertThat(sandbox.run(io.codingit.sandbox.spi.Command.of("echo", "ok")).stdout()).isEqualTo("ok\n");
            return;
        }
        Execution fresh = interpreter.execute("'kept' in globals()");
        assertThat(fresh.results()).singleElement().extracting(CellResult::text).isEqualTo("False");
    }

    /**
     * A sandbox that ends by itself while a cell runs (as the host's OOM killer ends a gvisor sandbox's sentry, which
     * holds all its memory) is not reported as killed, however late the interpreter asks whether it still lives: here
     * every process of the sandbox is SIGKILLed from outside, the holder first and awaited ({@link #endByItself}), so
     * the holder is surely gone when the cell's error is decided (before, that answered "SandboxKilled").
     */
    @Test
    void aSandboxThatEndsByItselfWhileACellRunsIsReportedAsEndedByItselfNotAsKilled() {
        interpreter.execute("import time");

        Execution cell = interpreter.execute("print('started', flush=True)\ntime.sleep(120)", Duration.ofSeconds(60),
                new ExecutionListener() {
                    @Override
                    public void onStdout(String text) {
                        if (text.contains("started")) {
                            endByItself(sandbox);
                        }
                    }
                });

        assertThat(cell.error().name()).isEqualTo("InterpreterDied");
        assertThat(cell.error().value()).contains("sandbox ended by itself").contains("out of memory").contains("lost")
                .doesNotContain("was killed").doesNotContain("restarts on the next execution");
        sandbox = sandboxes.create(owner, CODE_INTERPRETER); // the one the after-test hook kills
    }

    @Test
    void garbageWrittenToTheDriversChannelsDoesNotBreakTheInterpreter() {
        Execution vandal = interpreter.execute("""
                import os
                for fd in range(3, 20):
                    try:
                        os.write(fd, b'not json at all\\n{"type": "end", "id": -5}\\n')
                    except OSError:
                        pass
                'survived'
                """);
        Execution next = interpreter.execute("6 * 7");

        assertThat(vandal.error()).isNull();
        assertThat(vandal.results()).singleElement().extracting(CellResult::text).isEqualTo("'survived'");
        assertThat(next.results()).singleElement().extracting(CellResult::text).isEqualTo("42");
    }
}
