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
 * machine's database {@code test}), else the machine's own on localhost:5432 when user
 * {@code postgres} can log in to its database {@code postgres}, else (outside CI only) an embedded
 * PostgreSQL started once per JVM, so that the README's test command passes on a fresh machine.
 * Under {@code CI=true} a server that does not answer fails the run, naming the package. Each caller
 * gets its own fresh schema.
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
            Server localhost = new Server(LOCALHOST, "postgres", "");
            if (url != null && !url.isBlank()) {
                server = new Server(url, envOr("CODINGIT_TEST_DATABASE_USER", "postgres"),
                        envOr("CODINGIT_TEST_DATABASE_PASSWORD", ""));
                Prerequisites.require(answers(server), "PostgreSQL at CODINGIT_TEST_DATABASE_URL (" + url
                        + ") does not accept user " + server.user(), Prerequisites.POSTGRES_PACKAGES);
            } else if (answers(localhost)) {
                server = localhost;
            } else {
                Prerequisites.require(!Prerequisites.ci(), "PostgreSQL: CODINGIT_TEST_DATABASE_URL is unset and "
                        + LOCALHOST + " does not accept user postgres", Prerequisites.POSTGRES_PACKAGES);
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

    /**
     * Server properties (for {@link TestServers}) that put a server on {@code schema}: servers given the same
     * schema share one database, as servers behind one load balancer do.
     */
    public static java.util.Map<String, String> serverProperties(String schema) {
        Server db = server();
        java.util.Map<String, String> props = new java.util.HashMap<>();
        props.put("spring.datasource.url", db.urlForSchema(schema));
        props.put("spring.datasource.username", db.user());
        props.put("spring.datasource.password", db.password());
        props.put("spring.flyway.schemas", schema);
        props.put("spring.flyway.default-schema", schema);
        // PostgreSQL's connection limit is shared by every test context on the machine
        props.put("spring.datasource.hikari.maximum-pool-size", "5");
        return props;
    }

    private static final String LOCALHOST = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private static boolean answers(Server candidate) {
        try (Connection c = DriverManager.getConnection(candidate.baseUrl() + (candidate.baseUrl().contains("?") ? "&" : "?")
                + "connectTimeout=2&loginTimeout=2", candidate.user(), candidate.password())) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
