package io.codingit.sandbox.interpreter;

import io.codingit.sandbox.CellResult;
import io.codingit.sandbox.Execution;
import io.codingit.sandbox.ExecutionError;
import io.codingit.sandbox.ExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One cell on its way through the driver: collects its events, forwards them live, and completes on {@code end}. */
final class CellRun {
    private static final Logger log = LoggerFactory.getLogger(CellRun.class);

    private final long id;
    private final ExecutionListener listener;
    private final OutputCap stdoutCap;
    private final OutputCap stderrCap;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final List<CellResult> results = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private ExecutionError error;
    private Integer executionCount;
    private boolean listenerBroken;
    /** Set once the server interrupted the cell for its timeout: the resulting KeyboardInterrupt is replaced. */
    private volatile boolean interruptedForTimeout;

    CellRun(long id, ExecutionListener listener, long outputLimitBytes) {
        this.id = id;
        this.listener = listener;
        this.stdoutCap = new OutputCap("stdout", outputLimitBytes);
        this.stderrCap = new OutputCap("stderr", outputLimitBytes);
    }

    long id() {
        return id;
    }

    synchronized void stdout(String text) {
        String kept = stdoutCap.admit(text);
        if (kept != null) {
            stdout.add(kept);
            tell(() -> listener.onStdout(kept));
        }
    }

    synchronized void stderr(String text) {
        String kept = stderrCap.admit(text);
        if (kept != null) {
            stderr.add(kept);
            tell(() -> listener.onStderr(kept));
        }
    }

    synchronized void result(CellResult result) {
        results.add(result);
        tell(() -> listener.onResult(result));
    }

    synchronized void error(ExecutionError raised) {
        if (error != null) {
            return; // the first error is the cell's error; later ones come from IPython's own clean-up
        }
        error = raised;
        if (!interruptedForTimeout) {
            tell(() -> listener.onError(raised));
        }
    }

    /** Replaces the cell's error (timeout, interpreter death) and tells the listener. */
    synchronized void fail(ExecutionError replacement) {
        error = replacement;
        tell(() -> listener.onError(replacement));
        ended.countDown();
    }

    void markInterruptedForTimeout() {
        interruptedForTimeout = true;
    }

    synchronized void end(Integer count) {
        executionCount = count;
        ended.countDown();
    }

    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean isEnded() {
        return ended.getCount() == 0;
    }

    synchronized ExecutionError error() {
        return error;
    }

    synchronized Execution execution() {
        return new Execution(results, new Execution.Logs(stdout, stderr), error, executionCount);
    }

    /** A listener that throws (e.g. a client that went away) stops hearing from this cell; the cell goes on. */
    private void tell(Runnable call) {
        if (listenerBroken) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            listenerBroken = true;
            log.debug("execution listener failed; no more live events for cell {}", id, e);
        }
    }
}
