package io.codingit.tasks.internal;

import io.codingit.support.EnvBinding;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/tasks.md's configuration table is true: every key is there, its variable binds, its default is the default. */
class TasksPropertiesBindingTest {
    private static final Pattern ROW = Pattern.compile("^\\| `codingit\\.tasks\\.([a-z-]+)` \\| `([A-Z_]+)` \\| `([^`]+)` \\|");

    private static TasksProperties bind(Map<String, Object> environment) {
        return EnvBinding.bind("codingit.tasks", TasksProperties.class, environment);
    }

    private static Map<String, String[]> documentedRows() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/tasks.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        return rows;
    }

    @Test
    void everyPropertyIsDocumentedWithItsVariableAndItsDefault() throws IOException {
        Map<String, String[]> rows = documentedRows();
        // the page also documents the pipeline's keys; each of the queue's must be there
        java.util.List<String> keys = java.util.Arrays.stream(TasksProperties.class.getRecordComponents())
                .map(c -> c.getName().replaceAll("([A-Z])", "-$1").toLowerCase()).toList();
        assertThat(rows.keySet()).containsAll(keys);
        rows.keySet().retainAll(keys);
        TasksProperties defaults = bind(Map.of());
        for (Map.Entry<String, String[]> row : rows.entrySet()) {
            String env = row.getValue()[0];
            assertThat(env).isEqualTo("CODINGIT_TASKS_" + row.getKey().toUpperCase().replace('-', '_'));
            // setting the variable to the documented default changes nothing
            assertThat(bind(Map.of(env, row.getValue()[1]))).as(row.getKey()).isEqualTo(defaults);
        }
    }

    @Test
    void variablesOverrideTheDefaults() {
        Map<String, Object> env = new HashMap<>();
        env.put("CODINGIT_TASKS_TIMEOUT", "2h");
        env.put("CODINGIT_TASKS_MAX_PER_USER", "5");
        env.put("CODINGIT_TASKS_WORKERS_ENABLED", "false");
        env.put("CODINGIT_TASKS_LEASE_DURATION", "90s");

        TasksProperties p = bind(env);

        assertThat(p.timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(p.maxPerUser()).isEqualTo(5);
        assertThat(p.workersEnabled()).isFalse();
        assertThat(p.leaseDuration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.renewInterval()).isEqualTo(Duration.ofSeconds(30));
        TasksProperties defaults = bind(Map.of());
        assertThat(defaults.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxConcurrent()).isEqualTo(4);
    }
}
