package io.codingit.tasks.internal.pipeline;

import io.codingit.tasks.internal.TaskLogType;
import io.codingit.tasks.internal.TaskRun;
import io.codingit.tasks.internal.TaskSpec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** A {@link TaskRun} that records what the pipeline reports, as the queue's store would (without a database). */
final class RecordingRun implements TaskRun {
    record Line(TaskLogType type, String message) {
        @Override
        public String toString() {
            return type.wire() + ": " + message;
        }
    }

    private final TaskSpec spec;
    final List<Line> lines = new CopyOnWriteArrayList<>();
    final List<Integer> progress = new CopyOnWriteArrayList<>();
    volatile String branch;
    volatile String sandboxUrl;
    volatile boolean cancelled;
    private final BiConsumer<RecordingRun, Line> onLine;

    RecordingRun(TaskSpec spec) {
        this(spec, (run, line) -> { });
    }

    RecordingRun(TaskSpec spec, BiConsumer<RecordingRun, Line> onLine) {
        this.spec = spec;
        this.onLine = onLine;
    }

    @Override
    public TaskSpec spec() {
        return spec;
    }

    @Override
    public void log(TaskLogType type, String message) {
        Line line = new Line(type, message);
        lines.add(line);
        onLine.accept(this, line);
    }

    @Override
    public void progress(int percent) {
        progress.add(percent);
    }

    @Override
    public void branchName(String branch) {
        this.branch = branch;
    }

    @Override
    public void sandboxUrl(String url) {
        this.sandboxUrl = url;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    String text() {
        return String.join("\n", lines.stream().map(Line::toString).toList());
    }

    List<String> commands() {
        return lines.stream().filter(l -> l.type() == TaskLogType.COMMAND).map(Line::message).toList();
    }
}
