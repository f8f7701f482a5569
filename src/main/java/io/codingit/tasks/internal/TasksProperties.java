package io.codingit.tasks.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code codingit.tasks.*}; docs/tasks.md lists every key with its environment variable.
 *
 * @param workersEnabled     this server claims and runs tasks (off: an API-only node)
 * @param maxConcurrent      tasks running at once on this server
 * @param maxPerUser         tasks of one user running at once, across all servers
 * @param timeout            how long one attempt may run before it is stopped and marked error
 * @param timeoutWarning     how long before the timeout a warning line is logged
 * @param leaseDuration      how long a claim holds without renewal; a worker that died is noticed after this
 * @param maxAttempts        claims at most per task: a task whose worker died is queued again until this many
 * @param pollInterval       how often an idle worker looks for tasks queued on other servers, checks for
 *                           cancellations asked on other servers, and how often event streams re-read
 *                           the database (wake-ups on the same server are immediate)
 * @param cancelGrace        how long a cancelled or timed-out pipeline may take to stop before the task is
 *                           finished without it
 * @param maxPromptLength    characters a prompt may have
 * @param maxLogLines        log lines kept per task; later lines are dropped after one notice
 * @param maxLogLineLength   characters per log line; longer lines are cut
 * @param heartbeatInterval  an SSE comment is sent this often so that proxies keep the stream open
 * @param releaseOnShutdown  a server shutting down gracefully queues its running tasks again at once
 *                           (off: they wait for their lease to run out, as after a crash)
 * @param modelKeyEncryptionKey base64 of 32 bytes: encrypts a task's own model API key while the task may run.
 *                           {@code generated} (or blank): a key generated once in
 *                           {@code <data-dir>/tasks/model-key-encryption-key}; servers that share the database
 *                           must share this key
 */
@ConfigurationProperties("codingit.tasks")
public record TasksProperties(
        @DefaultValue("true") boolean workersEnabled,
        @DefaultValue("4") int maxConcurrent,
        @DefaultValue("2") int maxPerUser,
        @DefaultValue("5m") Duration timeout,
        @DefaultValue("1m") Duration timeoutWarning,
        @DefaultValue("30s") Duration leaseDuration,
        @DefaultValue("2") int maxAttempts,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10s") Duration cancelGrace,
        @DefaultValue("20000") int maxPromptLength,
        @DefaultValue("5000") int maxLogLines,
        @DefaultValue("8000") int maxLogLineLength,
        @DefaultValue("15s") Duration heartbeatInterval,
        @DefaultValue("true") boolean releaseOnShutdown,
        @DefaultValue(GENERATED_KEY) String modelKeyEncryptionKey) {

    /** The default of {@code model-key-encryption-key}: a key generated once in the data directory. */
    public static final String GENERATED_KEY = "generated";

    public TasksProperties {
        if (modelKeyEncryptionKey == null || modelKeyEncryptionKey.isBlank()) {
            modelKeyEncryptionKey = GENERATED_KEY;
        }
        if (maxConcurrent < 1 || maxPerUser < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("codingit.tasks.max-concurrent, max-per-user and max-attempts must be >= 1");
        }
        if (timeout.isNegative() || timeout.isZero() || leaseDuration.toMillis() < 100) {
            throw new IllegalArgumentException("codingit.tasks.timeout must be positive and lease-duration >= 100ms");
        }
    }

    /** Leases are renewed three times per duration, so two missed renewals still keep the claim. */
    Duration renewInterval() {
        return leaseDuration.dividedBy(3);
    }
}
