package io.codingit.sandbox.internal;

import io.codingit.support.PostgresTestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings of servers that share one database, registry key and sandbox runtime directory (one machine). */
final class RegistryServers {
    private RegistryServers() {
    }

    /** A runtime directory the servers of one machine share (root-owned, mode 711, as the provider requires). */
    static Path sharedRuntimeDir() {
        try {
            Path dir = Files.createTempDirectory("codingit-shared-runtime-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> properties(String schema, Path runtimeDir, Path dataDir) {
        Map<String, String> props = new HashMap<>(PostgresTestDatabase.serverProperties(schema));
        props.put("codingit.data-dir", dataDir.toString());
        // one account and one token work on every server; one key opens every sandbox's agent secret
        props.put("codingit.auth.jwt-secret", "sandbox-registry-test-shared-signing-secret-0123");
        props.put("codingit.sandbox.registry.secret-key", Base64.getEncoder().encodeToString(new byte[32]));
        props.put("codingit.sandbox.runtime-dir", runtimeDir.toString());
        props.put("codingit.sandbox.max-per-user", "2");
        props.put("codingit.sandbox.warm-pool", "0");
        props.put("codingit.sandbox.reaper-interval", "200ms");
        props.put("codingit.rate-limit.auth.capacity", "1000");
        return props;
    }

    /** The registry row's state and reason, read from the shared database. */
    static List<String> state(String schema, String sbxId) throws Exception {
        PostgresTestDatabase.Server db = PostgresTestDatabase.server();
        try (Connection connection = DriverManager.getConnection(db.urlForSchema(schema), db.user(), db.password());
             PreparedStatement query = connection.prepareStatement("SELECT state, state_reason FROM sandboxes WHERE id = ?")) {
            query.setString(1, sbxId);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("a registry row for " + sbxId).isTrue();
                return Arrays.asList(rs.getString(1), String.valueOf(rs.getString(2)));
            }
        }
    }
}
