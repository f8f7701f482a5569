package io.codingit.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The PostgreSQL that tests run against: the server named by {@code CODINGIT_TEST_DATABASE_URL}
 * (with {@code CODINGIT_TEST_DATABASE_USER}/{@code _PASSWORD}; {@code .ci/run} points it at the
 * machine's database {@code test}), else an embedded PostgreSQL started once per JVM so that the
 * README's test command passes on a fresh machine. Each caller gets its own fresh schema.
 */
public final class PostgresTestDatabase {
    private static volatile Server server;

    public record Server(String baseUrl, String user, String password) {
        /** A JDBC URL whose default schema is a new, empty one. */
        public String urlForSchema(String schema) {
            String sep = baseUrl.contains("?") ? "&" : "?";
            return baseUrl + sep + "currentSchema=" + schema;
        }
    }

    private PostgresTestDatabase() {
    }

    public static synchronized Server server() {
        if (server == null) {
            String url = System.getenv("CODINGIT_TEST_DATABASE_URL");
            if (url != null && !url.isBlank()) {
                server = new Server(url, envOr("CODINGIT_TEST_DATABASE_USER", "postgres"),
                        envOr("CODINGIT_TEST_DATABASE_PASSWORD", ""));
            } else {
                try {
                    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            pg.close();
                        } catch (IOException ignored) {
                            // the JVM is going away
                        }
                    }));
                    server = new Server(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
                } catch (IOException e) {
                    throw new UncheckedIOException("could not start embedded PostgreSQL", e);
                }
            }
        }
        return server;
    }

    /** Creates a uniquely named schema and returns its name; tests never share tables. */
    public static String newSchema() {
        Server s = server();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(s.baseUrl(), s.user(), s.password())) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test schema", e);
        }
        return schema;
    }

    public static void dropSchema(String schema) {
        Server s = server();
        try (Connection c = DriverManager.getConnection(s.baseUrl(), s.user(), s.password())) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
