package io.codingit.tasks;

import io.codingit.support.PostgresTestDatabase;

import java.util.Map;

/** Properties for servers that share one PostgreSQL schema (and one signing key, so tokens work on each). */
final class TaskPostgres {
    private TaskPostgres() {
    }

    static Map<String, String> properties(String schema) {
        PostgresTestDatabase.Server db = PostgresTestDatabase.server();
        Map<String, String> props = Tasks.fastProperties();
        props.put("spring.datasource.url", db.urlForSchema(schema));
        props.put("spring.datasource.username", db.user());
        props.put("spring.datasource.password", db.password());
        props.put("spring.flyway.schemas", schema);
        props.put("spring.flyway.default-schema", schema);
        props.put("codingit.auth.jwt-secret", "tasks-test-shared-signing-secret-0123456789");
        return props;
    }
}
