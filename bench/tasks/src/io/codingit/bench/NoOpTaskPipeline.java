package io.codingit.bench;

import io.codingit.tasks.internal.TaskOutcome;
import io.codingit.tasks.internal.TaskPipeline;
import io.codingit.tasks.internal.TaskRun;
import io.codingit.tasks.internal.TaskSpec;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The task benchmark's agent: accepts everything and does nothing, so that what is measured is
 * the queue (claim, lease, log lines, finish) and the event stream. Added to the packaged server
 * only by bench/tasks/run.sh (loader.path); @Primary so it wins over the real pipeline.
 */
@Component
@Primary
public class NoOpTaskPipeline implements TaskPipeline {
    @Override
    public void validate(TaskSpec spec) {
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        return new TaskOutcome(null, null, "No changes to commit");
    }
}
