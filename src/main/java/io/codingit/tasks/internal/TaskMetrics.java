package io.codingit.tasks.internal;

import io.codingit.tasks.TaskFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts the tasks that ended on this server by final status ({@code codingit_tasks_finished_total}
 * at {@code /actuator/prometheus}). It listens to {@link TaskFinished}, which each of the three ways a
 * task ends publishes (its run ended, it was cancelled, its lease expired), so no path is missed.
 */
@Component
class TaskMetrics {
    static final String FINISHED = "codingit.tasks.finished";
    private final MeterRegistry registry;

    TaskMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void on(TaskFinished event) {
        Counter.builder(FINISHED).description("Tasks that reached a final status on this server")
                .tag("status", event.status().wire()).register(registry).increment();
    }
}
