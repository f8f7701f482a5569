package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.CodeInterpreter;
import io.codingit.sandbox.Execution;
import io.codingit.sandbox.ExecutionError;
import io.codingit.sandbox.ExecutionListener;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The interpreter of one sandbox: a driver process started on first use and restarted after it died.
 * Cells run one at a time.
 */
public final class PythonInterpreter implements CodeInterpreter {
    private final ProcessStarter starter;
    private final Supplier<SandboxFate> sandboxFate;
    private final JsonMapper json;
    private final InterpreterProperties properties;
    private final ReentrantLock oneCellAtATime = new ReentrantLock(true);
    private volatile DriverSession session;
    private volatile boolean closed;
    /** the cell being run, for {@link #interrupt()} */
    private volatile CellRun running;

    /**
     * @param sandboxFate what became of the sandbox the interpreter runs in: a driver that dies with its sandbox is
     *                    reported as the sandbox being killed, or ending by itself, not as a crash
     */
    public PythonInterpreter(ProcessStarter starter, Supplier<SandboxFate> sandboxFate, JsonMapper json,
                             InterpreterProperties properties) {
        this.starter = starter;
        this.sandboxFate = sandboxFate;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public Execution execute(String code, Duration timeout, ExecutionListener listener) {
        Duration limit = timeout != null ? timeout : properties.executionTimeout();
        ExecutionListener live = listener != null ? listener : ExecutionListener.NONE;
        try {
            oneCellAtATime.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(live, new ExecutionError("Interrupted", "the request was cancelled before the cell ran", ""));
        }
        try {
            DriverSession driver = ensureSession();
            return run(driver, code, limit, live);
        } catch (InterpreterStartException e) {
            return failed(live, new ExecutionError("InterpreterStartError", e.getMessage(), ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(live, new ExecutionError("Interrupted", "the request was cancelled while the cell ran", ""));
        } finally {
            oneCellAtATime.unlock();
        }
    }

    private Execution run(DriverSession driver, String code, Duration limit, ExecutionListener listener)
            throws InterruptedException {
        CellRun run = driver.submit(code, listener);
        running = run;
        try {
            if (run.awaitEnd(limit)) {
                forgetIfDead(driver);
                return run.execution();
            }
        } catch (InterruptedException e) {
            // The caller gave up (e.g. shutdown); stop the cell so the next one does not wait behind it.
            driver.interrupt(run);
            throw e;
        }
        driver.interrupt(run);
        if (run.awaitEnd(properties.interruptGrace()) && driver.isAlive()) {
            ExecutionError raised = run.error();
            if (raised == null) {
                return run.execution(); // it finished on its own just as the interrupt was sent
            }
            if (!raised.name().equals("KeyboardInterrupt")) {
                run.fail(raised); // its own error, held back while the interrupt was pending
                return run.execution();
            }
            run.fail(new ExecutionError("TimeoutError", "The cell ran longer than " + describe(limit)
                    + " and was interrupted. The interpreter's state (variables, imports) is kept.",
                    raised.traceback()));
            return run.execution();
        }
        // Fail the run before stopping the driver, so the listener hears this error and not "InterpreterDied".
        run.fail(new ExecutionError("TimeoutError", "The cell ran longer than " + describe(limit)
                + " and did not stop when interrupted, so the interpreter was restarted: "
                + "all variables and imports are lost.", ""));
        stop(driver);
        return run.execution();
    }

    @Override
    public boolean interrupt() {
        CellRun run = running;
        DriverSession driver = session;
        if (run == null || driver == null || run.isEnded()) {
            return false;
        }
        driver.sendInterrupt(run);
        return true;
    }

    /** Does not wait for a running cell: killing the process ends it with an error at once. */
    @Override
    public void close() {
        closed = true;
        DriverSession running = session;
        if (running != null) {
            running.close();
        }
    }

    private DriverSession ensureSession() throws InterpreterStartException, InterruptedException {
        if (closed) {
            throw new InterpreterStartException("the interpreter was closed with its sandbox");
        }
        if (session != null && session.isAlive()) {
            return session;
        }
        if (session != null) {
            stop(session);
        }
        session = DriverSession.start(starter, sandboxFate, json, properties);
        return session;
    }

    private void forgetIfDead(DriverSession driver) {
        if (!driver.isAlive()) {
            stop(driver);
        }
    }

    private void stop(DriverSession driver) {
        driver.close();
        if (session == driver) {
            session = null;
        }
    }

    private static Execution failed(ExecutionListener listener, ExecutionError error) {
        try {
            listener.onError(error);
        } catch (RuntimeException ignored) {
            // the listener's problem must not hide the error from the caller
        }
        return new Execution(List.of(), new Execution.Logs(List.of(), List.of()), error, null);
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
