package io.codingit.tasks;

import io.codingit.tasks.internal.TaskCancelledException;
import io.codingit.tasks.internal.TaskFailedException;
import io.codingit.tasks.internal.TaskLogType;
import io.codingit.tasks.internal.TaskOutcome;
import io.codingit.tasks.internal.TaskPipeline;
import io.codingit.tasks.internal.TaskRun;
import io.codingit.tasks.internal.TaskSpec;
import io.codingit.web.ApiException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TaskPipeline} for the queue's tests (not the agent's): the prompt is a script of
 * space-separated steps, so one context serves every scenario. Steps: {@code log:N} (N info
 * lines), {@code progress:P}, {@code branch:NAME} (recorded and returned), {@code sleep:MS}
 * (interruptible), {@code block:KEY} (waits for {@link #release}), {@code stubborn:MS} (ignores
 * cancellation and interrupts for MS), {@code fail:REASON}, {@code boom} (an unexpected exception).
 * Every run is counted per task, with the most runs of one user seen at once.
 * <p>
 * Register it with {@code @Import(ScriptedPipeline.Config.class)} or as an extra source of
 * {@link io.codingit.support.TestServers#start}. {@code validate} refuses repository URLs that
 * contain "forbidden" and the agent "nope", as the real pipeline refuses what its policy forbids.
 */
public final class ScriptedPipeline implements TaskPipeline {
    public static final Map<String, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();
    public static final Map<String, AtomicInteger> RUNNING_PER_USER = new ConcurrentHashMap<>();
    public static final Map<String, AtomicInteger> MAX_RUNNING_PER_USER = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
    /** Tasks whose run saw an interrupt or {@code isCancelled()}: proof that cancellation reached the pipeline. */
    public static final Map<String, Boolean> SAW_CANCEL = new ConcurrentHashMap<>();

    /** Plain bean source (not {@code @Configuration}, so component scanning never picks it up). */
    public static class Config {
        @Bean
        @Primary
        TaskPipeline scriptedPipeline() {
            return new ScriptedPipeline();
        }
    }

    public static void release(String key) {
        latch(key).countDown();
    }

    private static CountDownLatch latch(String key) {
        return LATCHES.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    /** Runs started by this instance (one instance per application context). */
    public final AtomicInteger runs = new AtomicInteger();

    public static int executions(String taskId) {
        AtomicInteger n = EXECUTIONS.get(taskId);
        return n == null ? 0 : n.get();
    }

    @Override
    public void validate(TaskSpec spec) {
        if (spec.repoUrl() != null && spec.repoUrl().contains("forbidden")) {
            throw ApiException.badRequest("Repository URL not allowed: " + spec.repoUrl());
        }
        if ("nope".equals(spec.agent())) {
            throw ApiException.badRequest("Unknown agent 'nope'");
        }
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        EXECUTIONS.computeIfAbsent(run.spec().taskId(), k -> new AtomicInteger()).incrementAndGet();
        runs.incrementAndGet();
        String user = run.spec().userId();
        int now = RUNNING_PER_USER.computeIfAbsent(user, k -> new AtomicInteger()).incrementAndGet();
        MAX_RUNNING_PER_USER.computeIfAbsent(user, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            return script(run);
        } finally {
            RUNNING_PER_USER.get(user).decrementAndGet();
        }
    }

    private TaskOutcome script(TaskRun run) {
        String branch = null;
        for (String step : run.spec().prompt().trim().split("\\s+")) {
            String[] kv = step.split(":", 2);
            String arg = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "log" -> {
                    for (int i = 1; i <= Integer.parseInt(arg); i++) {
                        run.log(TaskLogType.INFO, "line " + i);
                    }
                }
                case "progress" -> run.progress(Integer.parseInt(arg));
                case "branch" -> {
                    branch = arg;
                    run.branchName(arg);
                }
                case "sleep" -> sleep(run, Duration.ofMillis(Long.parseLong(arg)));
                case "block" -> {
                    try {
                        latch(arg).await();
                    } catch (InterruptedException e) {
                        SAW_CANCEL.put(run.spec().taskId(), true);
                        throw new TaskCancelledException();
                    }
                }
                case "stubborn" -> {
                    long until = System.nanoTime() + Duration.ofMillis(Long.parseLong(arg)).toNanos();
                    while (System.nanoTime() < until) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException ignored) {
                            SAW_CANCEL.put(run.spec().taskId(), true);
                        }
                    }
                }
                case "parallel" -> parallel(run, arg);
                case "fail" -> throw new TaskFailedException(arg.replace('_', ' '));
                case "boom" -> throw new IllegalStateException("secret internal detail");
                default -> run.log(TaskLogType.COMMAND, step);
            }
            if (run.isCancelled()) {
                SAW_CANCEL.put(run.spec().taskId(), true);
                throw new TaskCancelledException();
            }
        }
        return new TaskOutcome(branch, branch == null ? null : "http://sandbox.test/" + run.spec().taskId(),
                branch == null ? "No changes to commit" : "Pushed " + branch);
    }

    /** {@code parallel:TxN}: T threads each log N lines at once (the pipeline may log from several threads). */
    private static void parallel(TaskRun run, String arg) {
        String[] tn = arg.split("x");
        int threads = Integer.parseInt(tn[0]);
        int lines = Integer.parseInt(tn[1]);
        java.util.List<Thread> started = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int writer = t;
            started.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < lines; i++) {
                    run.log(TaskLogType.COMMAND, "writer " + writer + " line " + i);
                }
            }));
        }
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new TaskCancelledException();
            }
        }
    }

    private static void sleep(TaskRun run, Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            SAW_CANCEL.put(run.spec().taskId(), true);
            throw new TaskCancelledException();
        }
    }
}
