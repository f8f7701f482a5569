package io.codingit.support;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints, when the test plan ends, one line that lists what was skipped and why (tests disabled by a
 * condition and tests aborted by an assumption, {@link Prerequisites} among them), grouped by reason:
 * a skipped test cannot hide in a long log. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class SkippedTestsSummary implements TestExecutionListener {
    public static final String PREFIX = "SKIPPED TESTS: ";
    private final Map<String, AtomicInteger> byReason = new ConcurrentHashMap<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        count(reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            count(result.getThrowable().map(Throwable::getMessage).orElse("aborted without a reason"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        System.out.println(line(new TreeMap<>(byReason)));
    }

    static String line(Map<String, AtomicInteger> reasons) {
        if (reasons.isEmpty()) {
            return PREFIX + "none";
        }
        int total = reasons.values().stream().mapToInt(AtomicInteger::get).sum();
        StringBuilder line = new StringBuilder(PREFIX).append(total).append(" — ");
        reasons.forEach((reason, count) -> line.append(count.get()).append(" × ").append(reason).append("; "));
        return line.substring(0, line.length() - 2);
    }

    private void count(String reason) {
        String oneLine = reason == null ? "no reason given" : reason.replaceAll("\\s+", " ").trim();
        if (oneLine.startsWith("Assumption failed: ")) {
            oneLine = oneLine.substring("Assumption failed: ".length());
        }
        byReason.computeIfAbsent(oneLine, r -> new AtomicInteger()).incrementAndGet();
    }
}
