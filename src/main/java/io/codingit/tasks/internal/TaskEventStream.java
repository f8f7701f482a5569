package io.codingit.tasks.internal;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/tasks/{id}/events}: tails the task's log table and its row. Each log line is an
 * {@code event: log} with {@code id: <seq>}; a change of status, progress, branch, sandbox URL or
 * error is an {@code event: task} carrying the last sequence number as its id; the stream ends with
 * {@code event: end} once the task has ended and every line was sent. A reconnecting client sends
 * {@code Last-Event-ID} and receives only the lines after it, then the current state. The database
 * is the source, so the stream works whichever server runs the task: a worker on this server wakes
 * it at once through {@link TaskSignals}, one elsewhere is seen at the next poll.
 */
@Component
class TaskEventStream {
    private static final int PAGE = 500;

    private final TaskStore store;
    private final TaskSignals signals;
    private final TasksProperties properties;
    private final JsonMapper json;

    TaskEventStream(TaskStore store, TaskSignals signals, TasksProperties properties, JsonMapper json) {
        this.store = store;
        this.signals = signals;
        this.properties = properties;
        this.json = json;
    }

    ResponseEntity<ResponseBodyEmitter> respond(String taskId, long afterSeq) {
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(0L);
        // subscribe before the first read, so that nothing that happens in between is missed
        TaskSignals.Subscription changes = signals.subscribe(taskId);
        Thread.ofVirtual().name("task-events-" + taskId).start(() -> {
            try (changes) {
                follow(taskId, afterSeq, changes, emitter);
                emitter.complete();
            } catch (IOException | IllegalStateException clientGone) {
                // the client went away; the response is broken
                emitter.complete();
            } catch (InterruptedException e) {
                emitter.complete();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .body(emitter);
    }

    private void follow(String taskId, long afterSeq, TaskSignals.Subscription changes, ResponseBodyEmitter emitter)
            throws IOException, InterruptedException {
        long lastSeq = afterSeq;
        TaskViews.State sent = null;
        long lastWrite = System.nanoTime();
        while (true) {
            long seen = changes.version();
            Optional<TaskRecord> task = store.find(taskId);
            // lines first, then the state read before them: a final status is committed with its
            // last line, so once the state says ended, this read has every line
            List<TaskLogLine> lines = store.logs(taskId, lastSeq, PAGE);
            for (TaskLogLine line : lines) {
                write(emitter, "log", line.seq(), TaskViews.Log.of(line));
                lastSeq = line.seq();
                lastWrite = System.nanoTime();
            }
            if (lines.size() == PAGE) {
                continue;
            }
            if (task.isEmpty()) {
                write(emitter, "end", lastSeq, new EndEvent(taskId, "deleted"));
                return;
            }
            TaskViews.State state = TaskViews.State.of(task.get());
            if (!state.sameAs(sent)) {
                write(emitter, "task", lastSeq, state);
                sent = state;
                lastWrite = System.nanoTime();
            }
            if (task.get().status().terminal()) {
                write(emitter, "end", lastSeq, new EndEvent(taskId, state.status()));
                return;
            }
            Duration sinceWrite = Duration.ofNanos(System.nanoTime() - lastWrite);
            if (sinceWrite.compareTo(properties.heartbeatInterval()) >= 0) {
                emitter.send(": keep-alive\n\n", MediaType.TEXT_PLAIN);
                lastWrite = System.nanoTime();
            }
            changes.await(seen, properties.pollInterval());
        }
    }

    record EndEvent(String id, String status) {
    }

    private void write(ResponseBodyEmitter emitter, String event, long id, Object data) throws IOException {
        emitter.send("id: " + id + "\nevent: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n",
                MediaType.TEXT_PLAIN);
    }
}
