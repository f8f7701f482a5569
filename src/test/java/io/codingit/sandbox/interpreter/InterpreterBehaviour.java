package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.CellResult;
import io.codingit.sandbox.Execution;
import io.codingit.sandbox.ExecutionError;
import io.codingit.sandbox.ExecutionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a sandbox's interpreter must do; subclasses say where its process runs. */
abstract class InterpreterBehaviour {
    protected PythonInterpreter interpreter;

    /** Where the driver runs; called once per test. */
    protected abstract ProcessStarter starter();

    protected InterpreterProperties properties() {
        return InterpreterProperties.defaults();
    }

    @BeforeEach
    void startInterpreter() {
        interpreter = new PythonInterpreter(starter(), JsonMapper.builder().build(), properties());
    }

    @AfterEach
    void stopInterpreter() {
        if (interpreter != null) {
            interpreter.close();
        }
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

    @Test
    void timeoutInterruptsTheCellAndKeepsState() {
        interpreter.execute("x = 1");

        Execution endless = interpreter.execute("while True: pass", Duration.ofMillis(500), ExecutionListener.NONE);
        Execution after = interpreter.execute("x");

        assertThat(endless.error().name()).isEqualTo("TimeoutError");
        assertThat(endless.error().value()).contains("500 ms").contains("state").contains("kept");
        assertThat(after.error()).isNull();
        assertThat(after.results()).singleElement().extracting(CellResult::text).isEqualTo("1");
    }

    @Test
    void timeoutAlsoInterruptsABlockingSleep() {
        interpreter.execute("y = 'kept'");

        Execution sleeping = interpreter.execute("import time\ntime.sleep(600)", Duration.ofMillis(300), ExecutionListener.NONE);
        Execution after = interpreter.execute("y");

        assertThat(sleeping.error().name()).isEqualTo("TimeoutError");
        assertThat(after.results()).singleElement().extracting(CellResult::text).isEqualTo("'kept'");
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
        long limit = properties().outputLimit().toBytes();
        assertThat(stdout).endsWith(OutputCap.marker(limit, "stdout"));
        assertThat(stdout.length()).isLessThanOrEqualTo((int) limit + OutputCap.marker(limit, "stdout").length());
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
}
