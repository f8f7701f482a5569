package io.codingit.tasks.internal.agents;

import io.codingit.tasks.internal.TaskLogType;
import io.codingit.tasks.internal.TaskRun;
import io.codingit.tasks.internal.TaskSpec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pipeline's view of a {@link TaskRun}: every log line has the secrets the pipeline handles (the
 * GitHub token, the model's API key) replaced by {@code ***} before it is stored, whatever produced the
 * line (a tool's arguments, a CLI's output, an exception message).
 */
public final class RedactingTaskRun implements TaskRun {
    private static final int MIN_SECRET = 6;
    private final TaskRun delegate;
    private final List<String> secrets = new CopyOnWriteArrayList<>();

    public RedactingTaskRun(TaskRun delegate) {
        this.delegate = delegate;
    }

    /** Registers a secret to hide from now on; blank or very short values are ignored (they would hide ordinary words). */
    public void addSecret(String secret) {
        if (secret != null && secret.strip().length() >= MIN_SECRET && !secrets.contains(secret.strip())) {
            secrets.add(secret.strip());
        }
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    @Override
    public TaskSpec spec() {
        return delegate.spec();
    }

    @Override
    public void log(TaskLogType type, String message) {
        delegate.log(type, redact(message));
    }

    @Override
    public void progress(int percent) {
        delegate.progress(percent);
    }

    @Override
    public void branchName(String branch) {
        delegate.branchName(branch);
    }

    @Override
    public void sandboxUrl(String url) {
        delegate.sandboxUrl(url);
    }

    @Override
    public boolean isCancelled() {
        return delegate.isCancelled() || Thread.currentThread().isInterrupted();
    }
}
