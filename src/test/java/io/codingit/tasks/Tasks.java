package io.codingit.tasks;

import io.codingit.support.TestApi;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Small helpers over the Tasks API for the tests. */
final class Tasks {
    /** Test contexts run the queue quickly, and lift the general budget that polling would exhaust. */
    static final String[] FAST = {
            "codingit.tasks.poll-interval=100ms",
            "codingit.tasks.cancel-grace=2s",
            "codingit.rate-limit.general.capacity=1000000"
    };

    private Tasks() {
    }

    static Map<String, String> fastProperties() {
        Map<String, String> map = new HashMap<>();
        for (String p : FAST) {
            String[] kv = p.split("=", 2);
            map.put(kv[0], kv[1]);
        }
        return map;
    }

    static JsonNode create(TestApi api, String prompt) {
        return create(api, Map.of("prompt", prompt));
    }

    static JsonNode create(TestApi api, Map<String, ?> body) {
        TestApi.Response r = api.post("/api/tasks", body);
        if (r.status() != 201) {
            throw new AssertionError("create failed: " + r);
        }
        return r.json().get("task");
    }

    static JsonNode get(TestApi api, String id) {
        TestApi.Response r = api.get("/api/tasks/" + id);
        if (r.status() != 200) {
            throw new AssertionError("get failed: " + r);
        }
        return r.json().get("task");
    }

    /** Polls until the task has {@code status}; fails after {@code timeout}. */
    static JsonNode awaitStatus(TestApi api, String id, String status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode task;
        do {
            task = get(api, id);
            if (status.equals(task.get("status").asString())) {
                return task;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("task " + id + " did not reach " + status + " within " + timeout + ": " + task);
    }

    /** Polls until the task's log has a line containing {@code text}. */
    static JsonNode awaitLog(TestApi api, String id, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode task;
        do {
            task = get(api, id);
            for (JsonNode line : task.get("logs")) {
                if (line.get("message").asString().contains(text)) {
                    return task;
                }
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("task " + id + " never logged '" + text + "' within " + timeout + ": " + task);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
