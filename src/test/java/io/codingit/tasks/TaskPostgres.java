package io.codingit.tasks;

import io.codingit.support.PostgresTestDatabase;

import java.util.Map;

/** Properties for servers that share one PostgreSQL schema (and one signing key, so tokens work on each). */
final class TaskPostgres {
    private TaskPostgres() {
    }

    static Map<String, String> properties(String schema) {
        Map<String, String> props = Tasks.fastProperties();
        props.putAll(PostgresTestDatabase.serverProperties(schema));
        props.put("codingit.auth.jwt-secret", "tasks-test-shared-signing-secret-0123456789");
        return props;
    }
}
