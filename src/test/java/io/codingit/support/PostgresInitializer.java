package io.codingit.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Points an application context at its own schema of the test PostgreSQL. Use with
 * {@code @ContextConfiguration(initializers = PostgresInitializer.class)} (see {@link PostgresIntegrationTest}).
 */
public class PostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        PostgresTestDatabase.Server server = PostgresTestDatabase.server();
        String schema = PostgresTestDatabase.newSchema();
        TestPropertyValues.of(
                "spring.datasource.url=" + server.urlForSchema(schema),
                "spring.datasource.username=" + server.user(),
                "spring.datasource.password=" + server.password(),
                "spring.flyway.schemas=" + schema,
                "spring.flyway.default-schema=" + schema
        ).applyTo(context);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                PostgresTestDatabase.dropSchema(schema);
            }
        });
    }
}
