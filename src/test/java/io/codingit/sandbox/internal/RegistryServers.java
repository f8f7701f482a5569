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

    /** Sets a registry row's state, as pause and resume (issue 18) will. */
    static void setState(String schema, String sbxId, String state) throws Exception {
        PostgresTestDatabase.Server db = PostgresTestDatabase.server();
        try (Connection connection = DriverManager.getConnection(db.urlForSchema(schema), db.user(), db.password());
             PreparedStatement update = connection.prepareStatement("UPDATE sandboxes SET state = ? WHERE id = ?")) {
            update.setString(1, state);
            update.setString(2, sbxId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /** The sandbox's directory in the shared runtime directory (one instance directory per data directory). */
    static Path sandboxDirectory(Path runtimeDir, String sbxId) throws IOException {
        try (var instances = Files.list(runtimeDir)) {
            return instances.map(i -> i.resolve(sbxId)).filter(Files::exists).findFirst()
                    .orElse(runtimeDir.resolve("none").resolve(sbxId));
        }
    }

    /**
     * SIGKILL to every process in the sandbox's cgroups (its bubblewrap, agent, interpreter) until none is left,
     * as a reboot or the OOM killer would end it while no server runs.
     */
    static void killEveryProcessOf(String sbxId) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        List<ProcessHandle> members;
        do {
            members = ProcessHandle.allProcesses().filter(p -> inCgroupOf(p.pid(), sbxId)).toList();
            members.forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(50);
        } while (!members.isEmpty() && java.time.Instant.now().isBefore(deadline));
        assertThat(ProcessHandle.allProcesses().filter(p -> inCgroupOf(p.pid(), sbxId)).count()).isZero();
    }

    private static boolean inCgroupOf(long pid, String sbxId) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")).contains("/" + sbxId);
        } catch (IOException e) {
            return false;
        }
    }
}
